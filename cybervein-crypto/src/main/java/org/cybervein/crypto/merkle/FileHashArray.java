package org.cybervein.crypto.merkle;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.cybervein.api.Hash;

/**
 * A {@link HashArray} kept in a file and memory-mapped in chunks of 2^20 hashes (32 MiB), so that a
 * prover can commit to 2^26 and more proof-of-space labels with little heap: the operating system
 * pages the hashes in and out. The file is nothing but the hashes, back to back, hash {@code i} at
 * byte {@code 32 * i}.
 *
 * <p>Writes reach the file when the operating system writes the pages back, at the latest when the
 * process ends normally; call {@link #flush()} to force them to the device. After {@link #close()}
 * every access throws {@link IllegalStateException}; the mappings themselves are released by the
 * garbage collector, since Java offers no safe way to unmap.
 */
public final class FileHashArray implements HashArray, Closeable {
  static final int DEFAULT_CHUNK_BITS = 20;

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final int chunkBits;
  private final long chunkMask;
  private final MappedByteBuffer[] chunks;
  private volatile boolean closed;

  private FileHashArray(Path path, FileChannel channel, long size, int chunkBits)
      throws IOException {
    this.path = path;
    this.channel = channel;
    this.size = size;
    this.chunkBits = chunkBits;
    this.chunkMask = (1L << chunkBits) - 1;
    long chunkCount = (size + chunkMask) >>> chunkBits;
    if (chunkCount > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many hashes: " + size);
    }
    chunks = new MappedByteBuffer[(int) chunkCount];
    for (int c = 0; c < chunks.length; c++) {
      long first = (long) c << chunkBits;
      long hashesInChunk = Math.min(1L << chunkBits, size - first);
      chunks[c] =
          channel.map(FileChannel.MapMode.READ_WRITE, first * Hash.SIZE, hashesInChunk * Hash.SIZE);
    }
  }

  /**
   * Creates (or truncates and overwrites) the file at {@code path} to hold {@code size} zero
   * hashes.
   *
   * @param path the file to create; its parent directory must exist
   * @param size the number of hashes, from 0 to 2^58
   * @return the array, open for reading and writing; close it to release the file
   * @throws IllegalArgumentException if {@code size} is negative or larger than 2^58
   * @throws IOException if the file cannot be created or sized
   */
  public static FileHashArray create(Path path, long size) throws IOException {
    return create(path, size, DEFAULT_CHUNK_BITS);
  }

  static FileHashArray create(Path path, long size, int chunkBits) throws IOException {
    Objects.requireNonNull(path, "path");
    if (size < 0 || size > 1L << 58) {
      throw new IllegalArgumentException("size must be in [0, 2^58], got " + size);
    }
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    try {
      if (size > 0) {
        // Writing the last byte sets the length; the bytes before it read as zero.
        channel.write(ByteBuffer.allocate(1), size * Hash.SIZE - 1);
      }
      return new FileHashArray(path, channel, size, chunkBits);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Opens, for reading and writing, a file that {@link #create(Path, long)} made earlier, e.g. to
   * reopen a committed tree with {@link MerkleTree#open(long, HashArray)} after a restart.
   *
   * @param path the file to open
   * @return the array, with {@code size()} the file length divided by 32
   * @throws IOException if the file cannot be opened or its length is not a multiple of 32
   */
  public static FileHashArray open(Path path) throws IOException {
    return open(path, DEFAULT_CHUNK_BITS);
  }

  static FileHashArray open(Path path, int chunkBits) throws IOException {
    Objects.requireNonNull(path, "path");
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long length = channel.size();
      if (length % Hash.SIZE != 0) {
        throw new IOException(
            "not a hash array: " + path + " is " + length + " bytes, not a multiple of 32");
      }
      return new FileHashArray(path, channel, length / Hash.SIZE, chunkBits);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void read(long index, byte[] target, int offset) {
    checkOpen();
    Objects.checkIndex(index, size);
    chunks[(int) (index >>> chunkBits)].get(
        (int) (index & chunkMask) * Hash.SIZE, target, offset, Hash.SIZE);
  }

  @Override
  public void write(long index, byte[] source, int offset) {
    checkOpen();
    Objects.checkIndex(index, size);
    chunks[(int) (index >>> chunkBits)].put(
        (int) (index & chunkMask) * Hash.SIZE, source, offset, Hash.SIZE);
  }

  /** Forces every written hash to the storage device. */
  public void flush() {
    checkOpen();
    for (MappedByteBuffer chunk : chunks) {
      chunk.force();
    }
  }

  /**
   * The file this array lives in.
   *
   * @return the path the array was created or opened with
   */
  public Path path() {
    return path;
  }

  /** Closes the file; later accesses throw {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("hash array " + path + " is closed");
    }
  }

  @Override
  public String toString() {
    return "FileHashArray[" + path + ", " + size + " hashes]";
  }
}
