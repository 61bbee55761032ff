"""The small agenda the registration tests use: two workshops (two seats left, full) and drop-ins."""

# Two seats left in the calendar (capacity 8), a full one, and a drop-in; the hub clock is Fri 27 Nov 2026.
AGENDA = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//kiosk tests//FR
BEGIN:VEVENT
UID:atelier-mails@test
DTSTART;TZID=Europe/Paris:20261203T140000
DTEND;TZID=Europe/Paris:20261203T160000
SUMMARY:Envoyer une pièce jointe
CATEGORIES:Atelier,Mails,Débutant
LOCATION:Salle 2
X-KIOSK-SEATS:8
X-KIOSK-SEATS-LEFT:2
END:VEVENT
BEGIN:VEVENT
UID:atelier-full@test
DTSTART;TZID=Europe/Paris:20261210T140000
DTEND;TZID=Europe/Paris:20261210T160000
SUMMARY:La sécurité sur Internet
CATEGORIES:Atelier
LOCATION:Salle 2
X-KIOSK-SEATS:8
X-KIOSK-SEATS-LEFT:0
END:VEVENT
BEGIN:VEVENT
UID:perm@test
DTSTART;TZID=Europe/Paris:20261204T160000
DTEND;TZID=Europe/Paris:20261204T170000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Permanence numérique
LOCATION:Médiathèque
END:VEVENT
END:VCALENDAR
"""
MAILS = "atelier-mails@test/20261203T130000Z"
FULL = "atelier-full@test/20261210T130000Z"
