"""Advertise a _lanline._tcp service with any TXT record, as an attacker on
the LAN could: used to replay someone else's signed advert from another
address. Runs until killed. Arguments: name port address txt-json."""
import json
import signal
import socket
import sys
import time

from zeroconf import IPVersion, ServiceInfo, Zeroconf

name, port, address, txt = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
info = ServiceInfo(
    "_lanline._tcp.local.",
    f"{name}._lanline._tcp.local.",
    addresses=[socket.inet_aton(address)],
    port=port,
    properties={k.encode(): v.encode() for k, v in txt.items()},
    server=f"{name.replace(' ', '-')}.local.",
)
zc = Zeroconf(ip_version=IPVersion.V4Only)
zc.register_service(info, allow_name_change=True)
print("advertising", flush=True)
signal.signal(signal.SIGTERM, lambda *_: (zc.unregister_service(info), zc.close(), sys.exit(0)))
while True:
    time.sleep(1)
