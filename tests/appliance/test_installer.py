"""deploy/install-pi.sh in a fresh Debian 12 root (debootstrap), with systemctl stubbed (no systemd runs
in a chroot) and no network: first install, what it wrote and who owns it, a rerun that keeps the
configuration and the data, a bad KIOSK_ID that leaves nothing behind, and systemd-analyze on the units."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from debian_root import CACHE, ROOT, DebianRoot, usable

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(usable()), reason=usable() or "ok")]
HERE = Path(__file__).resolve().parent
INSTALL = "KIOSK_ID={id} PIP_NO_INDEX=1 PIP_FIND_LINKS=/wheels bash /src/deploy/install-pi.sh"
HUB_DB = "/var/lib/kiosk/hub/kiosk-mediatheque/hub.sqlite3"


def _wheels() -> Path:
    """Every file of requirements.lock for this machine, downloaded once (the root has no network)."""
    target = CACHE / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--require-hashes",
            "--only-binary=:all:",
            "--python-version",
            "3.11",
            "-r",
            str(ROOT / "requirements.lock"),
            "-d",
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return target


def _new_root(work: Path) -> DebianRoot:
    root = DebianRoot(work)
    root.bind(ROOT, "/src")
    root.bind(_wheels(), "/wheels")
    stub = root.path / "usr/local/sbin/systemctl"
    stub.write_bytes((HERE / "systemctl_stub.sh").read_bytes())
    stub.chmod(0o755)
    return root


COUNT = "SELECT count(*) FROM help_requests"


def _python(root: DebianRoot, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` with the installed virtualenv's Python inside the root (as root)."""
    return root.run(f"/opt/kiosk/venv/bin/python - <<'CODE'\n{code}\nCODE")


def _help_request(root: DebianRoot, token: str) -> subprocess.CompletedProcess:
    """POST a help request to the installed hub with a kiosk token, prints its ticket."""
    return _python(
        root,
        "import json, urllib.request as u\n"
        "r = u.Request('http://127.0.0.1:8470/api/help-requests', data=b'{\"topic\": \"papiers\"}', "
        f"headers={{'Authorization': 'Bearer {token}', 'Content-Type': 'application/json'}})\n"
        "print(json.load(u.urlopen(r, timeout=5))['ticket'])",
    )


def _stat(root: DebianRoot, path: str) -> str:
    return root.run(f"stat -c '%U:%G %a' {path}").stdout.strip()


# The first install runs from a clone made the way a root shell with umask 077 makes one, in a private
# folder: the installer must not copy those modes (the hub's user could not read its own code).
PRIVATE_CLONE = (
    "umask 077 && mkdir -p /root/private && rsync -a --exclude .git "
    "--exclude .venv --exclude .mypy_cache --exclude .ruff_cache --exclude .pytest_cache /src/ "
    "/root/private/kiosk/ && chmod -R go-rwx /root/private && "
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    root = _new_root(tmp_path_factory.mktemp("debian"))
    first = root.run(PRIVATE_CLONE + INSTALL.format(id="borne-test").replace("/src/", "/root/private/kiosk/"))
    yield root, first
    root.close()


def test_the_first_install_succeeds_and_checks_the_hub(installed):
    root, first = installed
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "hub answers on 127.0.0.1:8470" in first.stdout
    assert "Next:" in first.stdout and "kiosk-admin hub users add" in first.stdout


def test_what_it_wrote_belongs_to_the_right_users(installed):
    root, _ = installed
    assert root.run("find /opt/kiosk ! -user root -o -perm /022 -type f | head").stdout == ""
    # installed from a private clone (PRIVATE_CLONE), the code is still readable by the services' users
    assert root.run("find /opt/kiosk/app ! -perm -o+r | head").stdout == ""
    assert root.run("runuser -u kiosk-hub -- cat /opt/kiosk/app/kiosk/cli.py").returncode == 0
    assert _stat(root, "/etc/kiosk/kiosk.toml") == "root:kiosk 640"
    assert _stat(root, "/etc/kiosk") == "root:kiosk 750"
    assert _stat(root, "/var/lib/kiosk/hub") == "kiosk-hub:kiosk-hub 700"
    assert _stat(root, HUB_DB).startswith("kiosk-hub:kiosk-hub 6")
    assert _stat(root, "/etc/systemd/system/kiosk-hub.service") == "root:root 644"
    assert _stat(root, "/usr/local/sbin/kiosk-admin") == "root:root 755"
    assert root.run("getent passwd kiosk | cut -d: -f7").stdout.strip() == "/usr/sbin/nologin"
    # The screen's user reads its token but not the hub's database; nobody but root writes the code.
    assert (
        root.run(
            "runuser -u kiosk -- grep -c '^hub_token = \"[A-Za-z0-9_-]\\{20,\\}\"' /etc/kiosk/kiosk.toml"
        ).stdout.strip()
        == "1"
    )
    assert root.run(f"runuser -u kiosk -- cat {HUB_DB}").returncode != 0
    assert root.run("runuser -u kiosk -- touch /opt/kiosk/app/kiosk/cli.py").returncode != 0
    assert "fullscreen = true" in (root.path / "etc/kiosk/kiosk.toml").read_text(encoding="utf-8")
    assert (root.path / "etc/systemd/system.conf.d/kiosk-watchdog.conf").exists()
    enabled = root.run("ls /etc/systemd/system/*.wants/").stdout
    assert all(unit in enabled for unit in ("kiosk-hub.service", "kiosk-session.service", "kiosk-ui.service"))


def test_the_kiosk_token_written_in_the_config_works_on_the_hub(installed):
    root, _ = installed
    token = re.search(
        r'^hub_token = "(.+)"$', (root.path / "etc/kiosk/kiosk.toml").read_text(encoding="utf-8"), re.M
    )
    assert token
    made = _help_request(root, token.group(1))
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip().startswith("P")


def test_a_rerun_updates_in_place_keeps_the_config_and_the_data_and_says_what_it_replaced(installed):
    root, _ = installed
    conf = root.path / "etc/kiosk/kiosk.toml"
    edited = conf.read_text(encoding="utf-8").replace(
        'name = "Médiathèque (démonstration)"', 'name = "Médiathèque de Test"'
    )
    conf.write_text(edited, encoding="utf-8")
    unit = root.path / "etc/systemd/system/kiosk-hub.service"
    unit.write_text(unit.read_text(encoding="utf-8") + "# a person was here\n", encoding="utf-8")
    again = root.run(INSTALL.format(id="another-id"))
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert conf.read_text(encoding="utf-8") == edited
    assert "exists: kept as it is" in again.stdout
    assert "dependencies unchanged: the virtualenv is kept" in again.stdout
    assert "was edited by hand" in again.stdout
    kept = list(unit.parent.glob("kiosk-hub.service.edited-*"))
    assert len(kept) == 1 and "a person was here" in kept[0].read_text(encoding="utf-8")
    assert "a person was here" not in unit.read_text(encoding="utf-8")
    count = _python(
        root, f"import sqlite3; print(sqlite3.connect({HUB_DB!r}).execute({COUNT!r}).fetchone()[0])"
    )
    assert count.stdout.strip() == "1", count.stderr  # the request made before the rerun
    assert again.stdout.count("was edited by hand") == 1  # the files it wrote itself are not reported


def test_a_config_the_new_code_rejects_stops_the_update_before_anything_changes(installed):
    root, _ = installed
    conf = root.path / "etc/kiosk/kiosk.toml"
    good = conf.read_text(encoding="utf-8")
    app_before = _stat(root, "/opt/kiosk/app") + root.run("stat -c %i /opt/kiosk/app").stdout
    conf.write_text(
        re.sub(r"^paper_width_mm = .*$", "paper_width_mm = 70", good, flags=re.M), encoding="utf-8"
    )
    try:
        stopped = root.run(INSTALL.format(id="borne-test"))
        assert stopped.returncode == 1
        assert "paper_width_mm" in stopped.stderr and "nothing was changed" in stopped.stderr
        assert _stat(root, "/opt/kiosk/app") + root.run("stat -c %i /opt/kiosk/app").stdout == app_before
        assert not list((root.path / "opt/kiosk").glob("*.new")) and not list(
            (root.path / "opt/kiosk").glob(".staging*")
        )
    finally:
        conf.write_text(good, encoding="utf-8")


def test_the_installed_units_pass_systemd_analyze(installed):
    root, _ = installed
    units = [f"/etc/systemd/system/kiosk-{name}.service" for name in ("hub", "session", "ui")]
    verify = root.run(f"systemd-analyze verify {' '.join(units)}")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stderr.strip() == "", verify.stderr
    scores = {}
    for unit in units:
        done = root.run(f"systemd-analyze security --offline=true {unit}")
        scores[unit] = float(re.search(r"exposure level for \S+: ([\d.]+)", done.stdout).group(1))
    print("exposure:", scores)
    assert scores["/etc/systemd/system/kiosk-hub.service"] <= 4.0
    assert scores["/etc/systemd/system/kiosk-ui.service"] <= 4.0


def test_a_bad_kiosk_id_or_a_32_bit_system_leaves_nothing_behind(tmp_path):
    root = _new_root(tmp_path)
    try:
        bad = root.run(INSTALL.format(id="Borne_1"))
        assert bad.returncode == 1
        assert "KIOSK_ID='Borne_1' is not a kiosk id" in bad.stderr
        fake = root.path / "usr/local/bin/dpkg"
        fake.write_text(
            '#!/bin/sh\n[ "$1" = --print-architecture ] && echo armhf && exit 0\nexec /usr/bin/dpkg "$@"\n'
        )
        fake.chmod(0o755)
        refused = root.run(INSTALL.format(id="borne-1"))
        assert refused.returncode == 1 and "32-bit system (armhf)" in refused.stderr
        fake.unlink()
        # Only what the test itself put there: the two mount points and the stand-ins.
        upper = sorted(str(p.relative_to(tmp_path / "upper")) for p in (tmp_path / "upper").rglob("*"))
        assert upper == [
            "src",
            "usr",
            "usr/local",
            "usr/local/bin",
            "usr/local/sbin",
            "usr/local/sbin/systemctl",
            "wheels",
        ], upper
    finally:
        root.close()


def test_the_read_only_root_needs_a_data_partition_and_makes_one(installed, tmp_path):
    root, _ = installed
    script = "bash /opt/kiosk/app/deploy/read-only-root.sh"
    assert "on the root partition" in root.run(f"{script} status").stdout
    # The boot machinery is not exercised in a chroot: these two only record that they were called.
    for tool in ("update-initramfs", "update-grub"):
        stub = root.path / "usr/local/sbin" / tool
        stub.write_text('#!/bin/sh\necho "$0 $*" >>/var/log/boot-stubs.log\n', encoding="utf-8")
        stub.chmod(0o755)
    root.run("echo 'GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"' >/etc/default/grub")
    refused = root.run(f"{script} enable")
    assert refused.returncode == 1 and "would vanish at every reboot" in refused.stderr
    image = tmp_path / "data.img"
    with open(image, "wb") as file:
        file.truncate(64 * 1024 * 1024)
    device = subprocess.run(
        ["losetup", "--find", "--show", str(image)], capture_output=True, text=True, check=True
    )
    loop = device.stdout.strip()
    try:
        done = root.run(f"{script} enable --data-device {loop}")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "LABEL=kiosk-data /var/lib/kiosk ext4" in (root.path / "etc/fstab").read_text(encoding="utf-8")
        assert root.run("findmnt -n -o SOURCE --target /var/lib/kiosk").stdout.strip() == loop
        assert root.run(f"test -s {HUB_DB}").returncode == 0  # the hub's data was copied onto it
        assert "fsck.repair=yes" in (root.path / "etc/default/grub").read_text(encoding="utf-8")
        hook = root.path / "etc/initramfs-tools/scripts/init-bottom/kiosk-overlay"
        assert subprocess.run(["sh", "-n", str(hook)], check=False).returncode == 0
        assert "update-initramfs -u" in (root.path / "var/log/boot-stubs.log").read_text(encoding="utf-8")
        again = root.run(f"{script} enable --data-device {loop}")
        assert again.returncode == 1 and "is mounted" in again.stderr  # never formats a partition in use
    finally:
        root.run("umount /var/lib/kiosk")
        subprocess.run(["losetup", "-d", loop], check=False)


def test_an_older_install_is_updated_in_place_with_its_data_and_token(tmp_path):
    """A kiosk installed by the previous install-pi.sh: one user `kiosk` with a desktop login, the hub's
    database in /var/lib/kiosk owned by it, `data_dir = "/var/lib/kiosk"`, a labwc autostart."""
    root = _new_root(tmp_path / "debian")
    try:
        old = tmp_path / "old.toml"
        old.write_text(f'[hub]\ndata_dir = "{root.path / "var/lib/kiosk"}"\n', encoding="utf-8")
        made = subprocess.run(
            [sys.executable, "-m", "kiosk", "kiosks", "add", "borne-1", "--config", str(old)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        token = made.stdout.splitlines()[0]
        example = (ROOT / "deploy" / "kiosk.example.toml").read_text(encoding="utf-8")
        conf = (
            example.replace('id = "demo"', 'id = "borne-1"')
            .replace('hub_url = ""', 'hub_url = "http://127.0.0.1:8470"')
            .replace('hub_token = ""', f'hub_token = "{token}"')
            .replace('data_dir = ""', 'data_dir = "/var/lib/kiosk"')
        )
        (root.path / "etc/kiosk").mkdir(parents=True)
        (root.path / "etc/kiosk/kiosk.toml").write_text(conf, encoding="utf-8")
        autostart = root.path / "home/kiosk/.config/labwc/autostart"
        autostart.parent.mkdir(parents=True)
        autostart.write_text("# Written by deploy/install-pi.sh: start the kiosk app\n", encoding="utf-8")
        setup = root.run(
            "useradd --create-home --shell /bin/bash kiosk && chown -R kiosk: /var/lib/kiosk /home/kiosk"
        )
        assert setup.returncode == 0, setup.stderr
        done = root.run(INSTALL.format(id="borne-1"))
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        assert 'CHANGED one line: [hub] data_dir = ""' in done.stdout
        text = (root.path / "etc/kiosk/kiosk.toml").read_text(encoding="utf-8")
        assert 'data_dir = ""' in text and f'hub_token = "{token}"' in text
        assert list((root.path / "etc/kiosk").glob("kiosk.toml.before-*"))
        assert _stat(root, HUB_DB).startswith("kiosk-hub:kiosk-hub")
        assert not (root.path / "var/lib/kiosk/hub.sqlite3").exists() and not autostart.exists()
        assert root.run("getent passwd kiosk | cut -d: -f7").stdout.strip() == "/usr/sbin/nologin"
        ticket = _help_request(root, token)
        assert ticket.stdout.strip().startswith("P"), (
            ticket.stderr
        )  # the old token works on the moved database
    finally:
        root.close()
