/**
 * A typed eBPF instruction set: registers, operations and the instruction forms a tc classifier
 * needs, with their opcodes as the kernel's `include/uapi/linux/bpf.h` and `bpf_common.h` define
 * them (class in the low 3 bits, source bit 0x08, operation in the high 4 bits; memory size and
 * mode for loads and stores). Jumps name a label instead of an offset; `asm.ts` resolves them.
 * @internal
 */

/** A register: r0 (return value), r1-r5 (arguments), r6-r9 (callee-saved), r10 (frame pointer, read-only). */
export type Reg = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10

/** An immediate operand (a signed 32-bit value). */
export interface Imm {
  readonly imm: number
}

/** The second operand of an ALU or jump instruction: a register or an immediate. */
export type Operand = Reg | Imm

export type AluOp = 'add' | 'sub' | 'mul' | 'div' | 'or' | 'and' | 'lsh' | 'rsh' | 'neg' | 'mod' | 'xor' | 'mov' | 'arsh'
export type JmpOp = 'jeq' | 'jgt' | 'jge' | 'jset' | 'jne' | 'jsgt' | 'jsge' | 'jlt' | 'jle' | 'jslt' | 'jsle'
/** Memory access width: 1, 2, 4 or 8 bytes. */
export type Size = 'u8' | 'u16' | 'u32' | 'u64'

export type Insn =
  | { readonly _tag: 'Alu'; readonly wide: boolean; readonly op: AluOp; readonly dst: Reg; readonly src: Operand }
  | { readonly _tag: 'End'; readonly order: 'le' | 'be'; readonly bits: 16 | 32 | 64; readonly dst: Reg }
  | { readonly _tag: 'Ldx'; readonly size: Size; readonly dst: Reg; readonly src: Reg; readonly off: number }
  | { readonly _tag: 'St'; readonly size: Size; readonly dst: Reg; readonly off: number; readonly imm: number }
  | { readonly _tag: 'Stx'; readonly size: Size; readonly dst: Reg; readonly src: Reg; readonly off: number }
  | { readonly _tag: 'LdImm64'; readonly dst: Reg; readonly imm: bigint; readonly pseudo: 0 | 1 }
  | { readonly _tag: 'Jmp'; readonly wide: boolean; readonly op: JmpOp; readonly dst: Reg; readonly src: Operand; readonly target: string }
  | { readonly _tag: 'Ja'; readonly target: string }
  | { readonly _tag: 'Call'; readonly helper: number }
  | { readonly _tag: 'Exit' }

/** A label marks the position of the next instruction; jumps name it. */
export interface Label {
  readonly _tag: 'Label'
  readonly name: string
}

/** What the assembler reads: instructions and labels in program order. */
export type Item = Insn | Label

// Instruction classes (bpf_common.h / bpf.h).
export const CLASS = { ld: 0x00, ldx: 0x01, st: 0x02, stx: 0x03, alu: 0x04, jmp: 0x05, jmp32: 0x06, alu64: 0x07 } as const
/** BPF_X: the source operand is a register (BPF_K, 0, is an immediate). */
export const SRC_X = 0x08
export const SIZE: Readonly<Record<Size, number>> = { u32: 0x00, u16: 0x08, u8: 0x10, u64: 0x18 }
/** BPF_MEM, the mode of every load and store here; BPF_IMM (0) is LD_IMM64's. */
export const MODE_MEM = 0x60
export const ALU_OP: Readonly<Record<AluOp, number>> = {
  add: 0x00,
  sub: 0x10,
  mul: 0x20,
  div: 0x30,
  or: 0x40,
  and: 0x50,
  lsh: 0x60,
  rsh: 0x70,
  neg: 0x80,
  mod: 0x90,
  xor: 0xa0,
  mov: 0xb0,
  arsh: 0xc0,
}
/** BPF_END; its source bit selects to-big-endian (BPF_TO_BE) over to-little-endian. */
export const END_OP = 0xd0
export const JMP_OP: Readonly<Record<JmpOp, number>> = {
  jeq: 0x10,
  jgt: 0x20,
  jge: 0x30,
  jset: 0x40,
  jne: 0x50,
  jsgt: 0x60,
  jsge: 0x70,
  jlt: 0xa0,
  jle: 0xb0,
  jslt: 0xc0,
  jsle: 0xd0,
}
export const JA_OP = 0x00
export const CALL_OP = 0x80
export const EXIT_OP = 0x90
/** `src_reg` of an LD_IMM64 whose immediate is a map file descriptor (libbpf patches it). */
export const PSEUDO_MAP_FD = 1

// Constructors, in the order a reader meets them in a listing.
export const imm = (value: number): Imm => ({ imm: value })
export const label = (name: string): Label => ({ _tag: 'Label', name })
export const alu64 = (op: AluOp, dst: Reg, src: Operand): Insn => ({ _tag: 'Alu', wide: true, op, dst, src })
export const alu32 = (op: AluOp, dst: Reg, src: Operand): Insn => ({ _tag: 'Alu', wide: false, op, dst, src })
export const mov64 = (dst: Reg, src: Operand): Insn => alu64('mov', dst, src)
export const mov32 = (dst: Reg, src: Operand): Insn => alu32('mov', dst, src)
export const toBe = (bits: 16 | 32 | 64, dst: Reg): Insn => ({ _tag: 'End', order: 'be', bits, dst })
export const toLe = (bits: 16 | 32 | 64, dst: Reg): Insn => ({ _tag: 'End', order: 'le', bits, dst })
export const ldx = (size: Size, dst: Reg, src: Reg, off: number): Insn => ({ _tag: 'Ldx', size, dst, src, off })
export const st = (size: Size, dst: Reg, off: number, value: number): Insn => ({ _tag: 'St', size, dst, off, imm: value })
export const stx = (size: Size, dst: Reg, off: number, src: Reg): Insn => ({ _tag: 'Stx', size, dst, src, off })
export const ldImm64 = (dst: Reg, value: bigint): Insn => ({ _tag: 'LdImm64', dst, imm: value, pseudo: 0 })
export const ldMapFd = (dst: Reg): Insn => ({ _tag: 'LdImm64', dst, imm: 0n, pseudo: PSEUDO_MAP_FD })
export const jmp = (op: JmpOp, dst: Reg, src: Operand, target: string): Insn => ({ _tag: 'Jmp', wide: true, op, dst, src, target })
export const jmp32 = (op: JmpOp, dst: Reg, src: Operand, target: string): Insn => ({ _tag: 'Jmp', wide: false, op, dst, src, target })
export const ja = (target: string): Insn => ({ _tag: 'Ja', target })
export const call = (helper: number): Insn => ({ _tag: 'Call', helper })
export const exit: Insn = { _tag: 'Exit' }

/** How many 8-byte slots an instruction takes (LD_IMM64 takes two). */
export const slots = (insn: Insn): 1 | 2 => (insn._tag === 'LdImm64' ? 2 : 1)
