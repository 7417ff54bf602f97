package org.cybervein.examples;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Puts a fixed indent before every line written through it, so that a scene's story reads as the
 * body under its header whatever the scene prints. Lines are split at {@code '\n'}; the indent is
 * written lazily, before a line's first byte, so that a line still being written is not indented
 * twice.
 */
final class IndentingOutputStream extends FilterOutputStream {
  private final byte[] indent;
  private boolean atLineStart = true;

  IndentingOutputStream(OutputStream out, String indent) {
    super(out);
    this.indent = indent.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) throws IOException {
    if (atLineStart && b != '\n') {
      out.write(indent);
    }
    out.write(b);
    atLineStart = b == '\n';
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    // Write runs of bytes between line starts at once rather than byte by byte.
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (atLineStart && b[i] != '\n') {
        out.write(b, start, i - start);
        out.write(indent);
        start = i;
      }
      atLineStart = b[i] == '\n';
    }
    out.write(b, start, end - start);
  }
}
