/** Programs built with the assembler, shared by the unit and kernel tests. */
import { assemble } from '../../../src/emit/bpf/asm.js'
import { alu64, exit, imm, jmp, label, ldx, mov64, toBe } from '../../../src/emit/bpf/insn.js'
import type { Item } from '../../../src/emit/bpf/insn.js'
import { E } from '../../../src/internal/fp.js'

export const TC_ACT_OK = 0
export const TC_ACT_SHOT = 2

/** Parses Ethernet, IPv4 and TCP from the packet itself; TC_ACT_SHOT for TCP dport 22, else TC_ACT_OK. */
export const dropSsh: ReadonlyArray<Item> = [
  ldx('u32', 2, 1, 76), // data = skb->data
  ldx('u32', 3, 1, 80), // data_end = skb->data_end
  mov64(0, imm(TC_ACT_OK)),
  mov64(4, 2),
  alu64('add', 4, imm(34)), // Ethernet (14) + minimal IPv4 header (20)
  jmp('jgt', 4, 3, 'out'),
  ldx('u16', 5, 2, 12), // h_proto, as read on little-endian: 0x0008 is IPv4
  jmp('jne', 5, imm(0x0008), 'out'),
  ldx('u8', 5, 2, 23), // IPv4 protocol
  jmp('jne', 5, imm(6), 'out'),
  ldx('u8', 5, 2, 14), // version and IHL
  alu64('and', 5, imm(0x0f)),
  alu64('lsh', 5, imm(2)),
  alu64('add', 2, 5), // r2 = data + IPv4 header length (a bounded scalar)
  mov64(4, 2),
  alu64('add', 4, imm(18)), // Ethernet (14) + source and destination ports (4)
  jmp('jgt', 4, 3, 'out'),
  ldx('u16', 5, 2, 16), // TCP destination port, network order
  toBe(16, 5),
  jmp('jne', 5, imm(22), 'out'),
  mov64(0, imm(TC_ACT_SHOT)),
  label('out'),
  exit,
]

export const code = (items: ReadonlyArray<Item>): Uint8Array => {
  const r = assemble(items)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
