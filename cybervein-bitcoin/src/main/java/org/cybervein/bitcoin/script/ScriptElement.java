package org.cybervein.bitcoin.script;

import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * One element of a Bitcoin script: an opcode, with the data it pushes if it is a data push ({@code
 * 0x00} to {@code 0x4e}).
 *
 * @param opcode the opcode, 0 to 255
 * @param data the pushed bytes for a data push; empty otherwise (and for {@code OP_0})
 */
public record ScriptElement(int opcode, Bytes data) {
  /** {@code OP_PUSHDATA4}, the last data-push opcode. */
  public static final int OP_PUSHDATA4 = 0x4e;

  /**
   * Checks the opcode range.
   *
   * @param opcode the opcode, 0 to 255
   * @param data the pushed bytes, empty for a non-push
   */
  public ScriptElement {
    Objects.requireNonNull(data, "data");
    if (opcode < 0 || opcode > 0xff) {
      throw new IllegalArgumentException("an opcode is one byte");
    }
    if (opcode > OP_PUSHDATA4 && !data.isEmpty()) {
      throw new IllegalArgumentException("only push opcodes carry data");
    }
  }

  /**
   * True for a data push ({@code OP_0}, the direct pushes and {@code OP_PUSHDATA1/2/4}).
   *
   * @return true if this element pushes {@link #data()}
   */
  public boolean isDataPush() {
    return opcode <= OP_PUSHDATA4;
  }
}
