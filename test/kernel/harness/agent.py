#!/usr/bin/env python3
"""Packet agent for the kernel suite: sends crafted frames and packets and reports which marked
packets arrived, in any number of network namespaces from one process.

It speaks JSON lines on stdin/stdout, one reply per request. Sockets are created inside a
namespace by switching this (single) thread into it with setns(2) and back; a socket stays in the
namespace it was created in. Standard library only (ctypes for setns).

Requests:
  {"op": "packet", "id": S, "ns": PATH, "iface": NAME}     AF_PACKET socket on NAME (receive + send frames)
  {"op": "raw", "id": S, "ns": PATH, "family": 4|6, "proto": N}   raw socket: local deliveries of protocol N
  {"op": "tx", "id": S, "ns": PATH, "family": 4|6}          raw IPPROTO_RAW socket (header included)
  {"op": "send", "items": [[S, HEX, DST-or-null], ...]}     send; replies {"errors": [[i, message], ...]}
  {"op": "drain", "tag": HEX8, "quiet_ms": N, "max_ms": N}  read until quiet; replies {"seen": [[S, seq, offset], ...]}
  {"op": "flushct", "ns": PATH}                             delete every conntrack entry of the namespace
  {"op": "close", "id": S}
A marked packet carries MAGIC + tag (4 bytes) + seq (4 bytes, big-endian) in its payload; `offset`
is the marker's offset from the start of the IP header (IPv6 raw sockets get no header: +40).
"""
import ctypes
import json
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SO_RCVBUFFORCE = 33
MAGIC = bytes.fromhex("c91ca11c")
BUF = 32 * 1024 * 1024

libc = ctypes.CDLL(None, use_errno=True)
home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "setns: " + os.strerror(e))


def in_ns(path, make):
    fd = os.open(path, os.O_RDONLY)
    try:
        setns(fd)
        try:
            return make()
        finally:
            setns(home)
    finally:
        os.close(fd)


socks = {}  # id -> (socket, kind)


def big_buffer(s):
    try:
        s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, BUF)
    except OSError:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUF)


def open_packet(req):
    def make():
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        big_buffer(s)
        s.bind((req["iface"], 0))
        s.setblocking(False)
        return s
    socks[req["id"]] = (in_ns(req["ns"], make), "packet")
    return {}


def open_raw(req):
    fam = socket.AF_INET if req["family"] == 4 else socket.AF_INET6
    def make():
        s = socket.socket(fam, socket.SOCK_RAW, req["proto"])
        big_buffer(s)
        s.setblocking(False)
        return s
    socks[req["id"]] = (in_ns(req["ns"], make), "raw4" if req["family"] == 4 else "raw6")
    return {}


def open_tx(req):
    fam = socket.AF_INET if req["family"] == 4 else socket.AF_INET6
    def make():
        s = socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_RAW)
        if fam == socket.AF_INET:
            s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
        return s
    socks[req["id"]] = (in_ns(req["ns"], make), "tx")
    return {}


def send(req):
    errors = []
    for i, (sid, hexdata, dst) in enumerate(req["items"]):
        s, kind = socks[sid]
        data = bytes.fromhex(hexdata)
        try:
            if kind == "packet":
                s.send(data)
            else:
                s.sendto(data, (dst, 0))
        except OSError as e:
            errors.append([i, "%s: %s" % (e.__class__.__name__, e.strerror or e)])
    return {"errors": errors}


def markers(data, tag):
    found = []
    start = 0
    while True:
        i = data.find(MAGIC, start)
        if i < 0 or i + 12 > len(data):
            return found
        if data[i + 4:i + 8] == tag:
            found.append((struct.unpack(">I", data[i + 8:i + 12])[0], i))
        start = i + 1


def drain(req):
    tag = bytes.fromhex(req["tag"])
    quiet = req.get("quiet_ms", 50) / 1000.0
    deadline = time.monotonic() + req.get("max_ms", 2000) / 1000.0
    rx = {s.fileno(): (sid, s, kind) for sid, (s, kind) in socks.items() if kind != "tx"}
    poller = select.poll()
    for fd in rx:
        poller.register(fd, select.POLLIN)
    seen = []
    last = time.monotonic()
    while True:
        now = time.monotonic()
        if now >= deadline or now - last >= quiet:
            break
        events = poller.poll(max(1, int(min(quiet - (now - last), deadline - now) * 1000)))
        for fd, _ in events:
            sid, s, kind = rx[fd]
            while True:
                try:
                    data, addr = s.recvfrom(65535)
                except BlockingIOError:
                    break
                last = time.monotonic()
                if kind == "packet":
                    if addr[2] == PACKET_OUTGOING:
                        continue
                    base = -14
                elif kind == "raw6":
                    base = 40
                else:
                    base = 0
                for seq, off in markers(data, tag):
                    seen.append([sid, seq, off + base])
    return {"seen": seen}


NETLINK_NETFILTER = 12
NLM_F_REQUEST = 1
NLM_F_ACK = 4
IPCTNL_MSG_CT_DELETE = 2
NFNL_SUBSYS_CTNETLINK = 1


def flushct(req):
    def make():
        return socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s = in_ns(req["ns"], make)
    try:
        s.bind((0, 0))
        msg = struct.pack("=BBH", socket.AF_UNSPEC, 0, 0)
        hdr = struct.pack("=IHHII", 16 + len(msg), (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE, NLM_F_REQUEST | NLM_F_ACK, 1, 0)
        s.send(hdr + msg)
        reply = s.recv(65535)
        length, typ, _flags, _seq, _pid = struct.unpack("=IHHII", reply[:16])
        if typ == 2:  # NLMSG_ERROR
            err = struct.unpack("=i", reply[16:20])[0]
            if err not in (0, -2):  # ENOENT: nothing to flush
                raise OSError(-err, "conntrack flush: " + os.strerror(-err))
    finally:
        s.close()
    return {}


def close(req):
    s, _ = socks.pop(req["id"])
    s.close()
    return {}


OPS = {"packet": open_packet, "raw": open_raw, "tx": open_tx, "send": send, "drain": drain, "flushct": flushct, "close": close}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            reply = OPS[req["op"]](req)
            reply["ok"] = True
        except Exception as e:  # reported to the caller, which fails the test
            reply = {"ok": False, "error": "%s: %s" % (e.__class__.__name__, e)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
