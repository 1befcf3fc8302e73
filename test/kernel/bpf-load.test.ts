/**
 * Loads an object written by the BPF assembler and ELF writer (src/emit/bpf/) with
 * `bpftool prog load ... type classifier`, so the kernel's verifier checks it, and runs it on
 * crafted packets with BPF_PROG_TEST_RUN (`bpftool prog run`). The bpffs it pins into is mounted
 * inside a private mount namespace (`unshare -m`), never on the host, and goes away with it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { writeElf } from '../../src/emit/bpf/elf.js'
import { E } from '../../src/internal/fp.js'
import { TC_ACT_OK, TC_ACT_SHOT, code, dropSsh } from '../emit/bpf/programs.js'
import { run } from './harness/exec.js'

const unavailable = inject('kernelUnavailable')

interface Frame {
  readonly ethertype?: number
  readonly ihl?: number
  readonly proto?: number
  readonly dport?: number
  /** Cut the frame to this many bytes. */
  readonly length?: number
}

/** An Ethernet frame with an IPv4 header (IHL words, options zero) and 20 bytes of L4 header. */
const frame = ({ ethertype = 0x0800, ihl = 5, proto = 6, dport = 22, length }: Frame): Uint8Array => {
  const ipLen = ihl * 4
  const b = new Uint8Array(14 + ipLen + 20)
  const v = new DataView(b.buffer)
  b.fill(0x02, 0, 6)
  b.fill(0x04, 6, 12)
  v.setUint16(12, ethertype)
  v.setUint8(14, 0x40 | ihl)
  v.setUint16(16, ipLen + 20)
  v.setUint8(22, 64)
  v.setUint8(23, proto)
  b.set([10, 0, 0, 1, 10, 0, 0, 2], 26)
  v.setUint16(14 + ipLen, 40000)
  v.setUint16(14 + ipLen + 2, dport)
  return length === undefined ? b : b.slice(0, length)
}

/** Loads `object` and runs it on each frame in one private mount namespace; the return values in order. */
const runAll = (object: Uint8Array, section: string, frames: ReadonlyArray<Uint8Array>): ReadonlyArray<number> => {
  const dir = mkdtempSync(join(tmpdir(), 'cpk-bpf-'))
  try {
    writeFileSync(join(dir, 'prog.o'), object)
    frames.forEach((f, i) => writeFileSync(join(dir, `frame${i}`), f))
    const pin = `/sys/fs/bpf/cpk-${process.pid}-${section.replace(/[^a-z0-9]/gi, '_')}`
    const script = [
      'set -e',
      'mount -t bpf bpf /sys/fs/bpf',
      `bpftool prog load ${dir}/prog.o ${pin} type classifier`,
      ...frames.map((_, i) => `bpftool prog run pinned ${pin} data_in ${dir}/frame${i} data_out /dev/null repeat 1`),
    ].join('\n')
    const out = run('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script]).stdout
    return [...out.matchAll(/^Return value: (-?\d+),/gm)].map((m) => Number(m[1]))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe.skipIf(unavailable !== '')('kernel: objects from the BPF assembler and ELF writer', () => {
  it('a classifier dropping TCP port 22 passes the verifier and decides per packet', () => {
    const obj = writeElf([{ section: 'tc', name: 'drop_ssh', code: code(dropSsh) }], 'GPL')
    if (E.isLeft(obj)) throw new Error(JSON.stringify(obj.left))
    const frames: ReadonlyArray<Frame> = [
      { dport: 22 },
      { dport: 80 },
      { proto: 17, dport: 22 },
      { ethertype: 0x86dd, dport: 22 },
      { ihl: 6, dport: 22 },
      { ihl: 6, dport: 2222 },
      { dport: 22, length: 34 },
    ]
    expect(runAll(obj.right, 'tc', frames.map(frame))).toEqual([TC_ACT_SHOT, TC_ACT_OK, TC_ACT_OK, TC_ACT_OK, TC_ACT_SHOT, TC_ACT_OK, TC_ACT_OK])
  })
})
