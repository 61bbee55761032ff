"""Draws the lessons' illustrations (simple flat pictures, no real logos or screenshots) with Pillow.

Run from the repository root: ``.venv/bin/python lessons/_tools/draw_illustrations.py [FOLDER ...]``. It
rewrites the PNG files in each lesson's ``media/`` folder (deterministic: same code, same pixels); commit
them with the lesson. ``--zones`` prints the tap zones of the tap_target pictures, ready to paste into a
lesson. Single-threaded script; ``PICTURES`` is imported by the tests to check zones and pictures.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pictures_basics as basics  # noqa: E402 - after the path above
import pictures_demarches as demarches  # noqa: E402
import pictures_docs as docs  # noqa: E402
import pictures_everyday as everyday  # noqa: E402
import pictures_mail as mail  # noqa: E402
import pictures_search as search  # noqa: E402
import pictures_web as web  # noqa: E402
from art import ROOT, Art  # noqa: E402

LESSONS = ROOT / "lessons"

PICTURES: dict[str, dict[str, Callable[[], Art]]] = {
    "01-ecran-tactile": {
        "toucher": basics.toucher,
        "attendre": basics.attendre,
        "retour": basics.retour,
        "aide": basics.aide,
        "boutons-borne": basics.boutons_borne,
    },
    "02-clavier-ecran": {"clavier": basics.clavier, "clavier-123": basics.clavier_123},
    "03-smartphone": {
        "telephone-boutons": basics.telephone_boutons,
        "accueil-telephone": basics.accueil_telephone,
    },
    "04-installer-application": {"boutique": basics.boutique},
    "05-naviguer-internet": {"navigateur": web.navigateur, "navigateur-parties": web.navigateur_parties},
    "06-chercher-information": {
        "resultats": web.resultats,
        "resultats-recherche": search.resultats_recherche,
    },
    "07-fausse-information": {"fausse-info": web.fausse_info},
    "08-creer-adresse-mail": {"adresse-mail": mail.adresse_mail},
    "09-lire-ecrire-mail": {"boite-mail": mail.boite_mail, "message-ouvert": mail.message_ouvert},
    "10-pieces-jointes": {"nouveau-message": mail.nouveau_message},
    "11-reperer-arnaque-sms": {
        "faux-sms": mail.faux_sms,
        "indices": mail.indices,
        "signaler-33700": mail.signaler,
    },
    "12-reperer-faux-mail": {"faux-mail": mail.faux_mail},
    "13-mots-de-passe": {"double-verification": docs.double_verification},
    "14-fichiers-photos": {"fichiers": docs.fichiers},
    "15-lettre-traitement-texte": {"lettre": docs.lettre, "barre-outils": docs.barre_outils},
    "16-imprimer-scanner": {"imprimante": docs.imprimante},
    "17-formulaire-en-ligne": {"formulaire-erreur": docs.formulaire_erreur},
    "18-franceconnect": {"portail": docs.portail},
    "19-ecrire-cv": {"cv": docs.cv},
    "20-compte-ameli": {"compte-sante": demarches.compte_sante},
    "21-ressources-caf": {"trimestre": demarches.trimestre},
    "22-declaration-impots": {"declaration": demarches.declaration},
    "23-actualisation-france-travail": {"actualisation": demarches.actualisation},
    "24-titres-ants": {"ants": demarches.ants},
    "25-rendez-vous-medical": {"rendez-vous": demarches.rendez_vous},
    "26-fiche-commerce": {"fiche-commerce": everyday.fiche_commerce},
    "27-page-commerce": {"page-commerce": everyday.page_commerce},
    "28-chiffre-affaires": {"chiffre-affaires": everyday.chiffre_affaires},
    "29-factures-clients": {"facture": demarches.facture},
    "30-mises-a-jour-sauvegardes": {"mise-a-jour": everyday.mise_a_jour},
    "31-faux-appel-faux-sms": {"faux-appel": everyday.faux_appel},
    "32-payer-en-ligne": {"paiement": everyday.paiement},
    "33-ranger-mails": {"dossiers-mail": everyday.dossiers_mail},
    "34-photo-qr-code": {"photo-qr": everyday.photo_qr},
    "35-tablette-appel-video": {"tablette": everyday.tablette},
}


def main(argv: list[str]) -> None:
    show_zones = "--zones" in argv
    wanted = [a for a in argv if not a.startswith("--")] or list(PICTURES)
    for folder in wanted:
        media = LESSONS / folder / "media"
        media.mkdir(parents=True, exist_ok=True)
        for name, draw_picture in PICTURES[folder].items():
            image, zones = draw_picture()
            path = media / f"{name}.png"
            image.save(path, optimize=True)
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
            if show_zones:
                for zone, box in zones.items():
                    print(f"    - id: {zone}\n      rect: {box}")


if __name__ == "__main__":
    main(sys.argv[1:])
