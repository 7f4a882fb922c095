"""`make serve`: nginx in front of gunicorn when nginx is installed, gunicorn alone when not.

With nginx, it listens on SERVE_BIND (default 127.0.0.1:8000) with the configuration
rendered from deploy/nginx.conf.template into .run/, and gunicorn (gunicorn.conf.py)
listens on a unix socket in .run/. Without nginx, gunicorn listens on GUNICORN_BIND.
The tests and `make bench` start the same pair with `stack`.
"""

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
ERRORS = ROOT / "deploy" / "errors"
RUN_DIR = ROOT / ".run"
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Two a second from one address, 30 at once: see the template.
VISITOR_WRITE_RATE = "2r/s"


def find_nginx() -> str | None:
    """Debian puts nginx in /usr/sbin, which is not on every user's PATH."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def brotli_module(nginx: str) -> Path | None:
    """Debian's libnginx-mod-http-brotli-static, when installed: it serves the .br files
    that collectstatic writes beside the .gz ones."""
    version = subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    found = re.search(r"--modules-path=(\S+)", version)
    modules = Path(found.group(1) if found else "/usr/lib/nginx/modules")
    module = modules / "ngx_http_brotli_static_module.so"
    return module if module.exists() else None


def render(
    *,
    nginx: str,
    listen: str,
    run_dir: Path,
    static_root: Path,
    visitor_write_rate: str = VISITOR_WRITE_RATE,
) -> str:
    """The template with its words in double braces filled in."""
    module = brotli_module(nginx)
    values = {
        # nginx started by root hands its workers to `nobody`, who could read neither the
        # socket nor the run directory: they stay with the user who started it, as gunicorn does.
        "user": f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else "",
        "load_modules": f"load_module {module};" if module else "",
        "brotli_static": "brotli_static on;" if module else "",
        "run_dir": str(run_dir),
        "gunicorn_socket": str(gunicorn_socket(run_dir)),
        "listen": listen,
        "errors_dir": str(ERRORS),
        "static_root": str(static_root).rstrip("/"),
        "visitor_write_rate": visitor_write_rate,
    }

    def fill(match: re.Match) -> str:
        return values[match.group(1)]

    return re.sub(r"\{\{(\w+)\}\}", fill, TEMPLATE.read_text())


def gunicorn_socket(run_dir: Path) -> Path:
    return run_dir / "gunicorn.sock"


def static_root(env: dict) -> Path:
    return Path(env.get("DJANGO_STATIC_ROOT") or ROOT / "staticfiles").resolve()


@contextmanager
def stack(
    env: dict,
    listen: str,
    run_dir: Path,
    *,
    log=None,
    visitor_write_rate: str = VISITOR_WRITE_RATE,
):
    """gunicorn with gunicorn.conf.py on a unix socket in run_dir and nginx on `listen` in
    front of it; yields once both accept connections, stops both afterwards. Their output
    goes to `log` (a file), or to this process's own."""
    nginx = find_nginx()
    if nginx is None:
        raise RuntimeError("nginx is not installed: sudo apt-get install nginx")
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "nginx.conf"
    config.write_text(
        render(
            nginx=nginx,
            listen=listen,
            run_dir=run_dir,
            static_root=static_root(env),
            visitor_write_rate=visitor_write_rate,
        )
    )
    upstream = gunicorn_socket(run_dir)
    processes = []
    try:
        processes.append(
            subprocess.Popen(
                [str(GUNICORN), "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"unix:{upstream}", "DJANGO_BEHIND_PROXY": "1"},
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        )
        wait_until_accepting(processes[0], socket.AF_UNIX, str(upstream), log)
        command = [nginx, "-e", "stderr", "-p", str(run_dir), "-c", str(config)]
        processes.append(
            subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=log)
        )
        wait_until_accepting(processes[1], *address(listen), log)
        yield processes
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(processes):
            process.wait(timeout=30)


def address(listen: str) -> tuple[int, tuple[str, int]]:
    """nginx's `listen` (`127.0.0.1:8000`, `[::1]:8000` or `8000`) as a socket address."""
    host, _, port = listen.rpartition(":")
    if host.startswith("["):
        return socket.AF_INET6, (host[1:-1], int(port))
    return socket.AF_INET, (host or "127.0.0.1", int(port))


def wait_until_accepting(process, family, where, log, seconds=30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.socket(family) as sock:
                sock.settimeout(1)
                sock.connect(where)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                if log is not None:
                    log.seek(0)
                    raise RuntimeError(log.read().decode()) from None
                raise RuntimeError(f"{process.args[0]} did not start") from None
            time.sleep(0.1)


def main() -> None:
    env = dict(os.environ)
    nginx = find_nginx()
    if nginx is None:
        bind = env.get("GUNICORN_BIND", "127.0.0.1:8000")
        print(f"Helpdesk (production settings) on http://{bind}/, gunicorn alone.")
        print(
            "nginx is not installed, so nothing stands between gunicorn and slow clients: "
            "sudo apt-get install nginx libnginx-mod-http-brotli-static (README, Production)."
        )
        sys.stdout.flush()
        os.execve(GUNICORN, [str(GUNICORN), "-c", "gunicorn.conf.py"], env)
    listen = env.get("SERVE_BIND", "127.0.0.1:8000")
    # Stopped by a signal, the `finally` in `stack` stops nginx and gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with stack(env, listen, RUN_DIR) as processes:
            print(f"Helpdesk (production settings) on http://{listen}/: nginx, then gunicorn")
            sys.stdout.flush()
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
            sys.exit(1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
