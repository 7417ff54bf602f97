package org.cybervein.bitcoin.script;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;

/**
 * Reading and writing Bitcoin script as a sequence of {@link ScriptElement}s; no execution. Data
 * pushes are written in their minimal form ({@code OP_0} for empty data, a direct push up to 75
 * bytes, then {@code OP_PUSHDATA1/2}).
 */
public final class Script {
  /** The largest script this reader accepts (Bitcoin Core's {@code MAX_SCRIPT_SIZE}). */
  public static final int MAX_SIZE = 10_000;

  private Script() {}

  /**
   * Splits {@code script} into elements.
   *
   * @param script the script bytes
   * @return its elements in order
   * @throws InvalidBitcoinDataException {@code OVERSIZED} above {@value #MAX_SIZE} bytes, {@code
   *     TRUNCATED} if a push runs past the end
   */
  public static List<ScriptElement> parse(Bytes script) throws InvalidBitcoinDataException {
    Objects.requireNonNull(script, "script");
    if (script.size() > MAX_SIZE) {
      throw new InvalidBitcoinDataException(Reason.OVERSIZED, "script above " + MAX_SIZE);
    }
    byte[] s = script.toByteArray();
    List<ScriptElement> out = new ArrayList<>();
    int i = 0;
    while (i < s.length) {
      int op = s[i++] & 0xff;
      if (op > ScriptElement.OP_PUSHDATA4) {
        out.add(new ScriptElement(op, Bytes.EMPTY));
        continue;
      }
      int width = op == 0x4c ? 1 : op == 0x4d ? 2 : op == 0x4e ? 4 : 0;
      if (i + width > s.length) {
        throw new InvalidBitcoinDataException(Reason.TRUNCATED, "push length past the end");
      }
      long len = op < 0x4c ? op : 0;
      for (int k = width - 1; k >= 0; k--) {
        len = (len << 8) | (s[i + k] & 0xff);
      }
      i += width;
      if (len > s.length - i) {
        throw new InvalidBitcoinDataException(Reason.TRUNCATED, "push data past the end");
      }
      out.add(new ScriptElement(op, Bytes.of(s, i, (int) len)));
      i += (int) len;
    }
    return out;
  }

  /**
   * The minimal push of {@code data}.
   *
   * @param data the bytes to push, at most 65535
   * @return the push opcode, any length bytes, and the data
   */
  public static Bytes push(Bytes data) {
    Objects.requireNonNull(data, "data");
    int n = data.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (n < 0x4c) {
      out.write(n);
    } else if (n <= 0xff) {
      out.write(0x4c);
      out.write(n);
    } else if (n <= 0xffff) {
      out.write(0x4d);
      out.write(n);
      out.write(n >>> 8);
    } else {
      throw new IllegalArgumentException("pushes above 65535 bytes are not supported");
    }
    out.writeBytes(data.toByteArray());
    return Bytes.of(out.toByteArray());
  }

  /**
   * A script that only pushes {@code items} in order (a scriptSig).
   *
   * @param items the items to push
   * @return the script
   */
  public static Bytes pushAll(List<Bytes> items) {
    Bytes out = Bytes.EMPTY;
    for (Bytes item : items) {
      out = out.concat(push(item));
    }
    return out;
  }
}
