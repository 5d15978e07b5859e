"""Browse _lanline._tcp with python-zeroconf, an independent mDNS/DNS-SD
implementation, and print each resolved service as one JSON line. Proves
that a standard browser sees and parses Lanline's adverts."""
import json
import socket
import sys
import time

from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf

SERVICE = "_lanline._tcp.local."


class Printer(ServiceListener):
    def add_service(self, zc, type_, name):
        info = zc.get_service_info(type_, name, timeout=3000)
        if info is None:
            return
        print(json.dumps({
            "name": name,
            "port": info.port,
            "addresses": [socket.inet_ntoa(a) for a in info.addresses],
            "txt": {k.decode(): (v or b"").decode() for k, v in info.properties.items()},
        }), flush=True)

    def update_service(self, zc, type_, name):
        pass

    def remove_service(self, zc, type_, name):
        pass


seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5
zc = Zeroconf(ip_version=IPVersion.V4Only)
ServiceBrowser(zc, SERVICE, Printer())
time.sleep(seconds)
zc.close()
