package org.cybervein.crypto.sign;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Verifies many signatures at once on several cores: a node checking the units of a DAG sync, the
 * signatures of a block's signature sub-block, or a PBFT certificate's votes.
 *
 * <h2>What "batch" means here</h2>
 *
 * This is <em>parallel individual verification</em>: every item is checked exactly as {@link
 * Ed25519Verifier#verify(byte[], org.cybervein.api.Signature)} checks it, on one of several
 * threads. It is not the random-linear-combination batch equation of the Ed25519 paper. That
 * equation is faster per signature but only says "all valid" or "some invalid" (finding the culprit
 * needs a second pass), and it must use the cofactored equation, which on crafted signatures can
 * disagree with a single verification. Here the result names every invalid item and the accepted
 * set is, by construction, the same as with single verification, so nodes that verify in batch and
 * nodes that verify one by one agree on every block.
 *
 * <h2>Work split</h2>
 *
 * The list is cut into contiguous chunks (four per thread, so that uneven message sizes even out);
 * the calling thread and up to {@code parallelism - 1} tasks on the executor claim chunks until
 * none are left. The caller always works too, so the batch completes even if the executor never
 * runs the helper tasks. Within a chunk a key is decoded once however many items it signed.
 *
 * <p>An item whose key is not a valid Ed25519 key (see {@link Ed25519Verifier}) is simply invalid.
 * Instances are immutable and thread-safe.
 */
public final class BatchVerifier {
  private static final int CHUNKS_PER_THREAD = 4;

  private final Executor executor;
  private final int parallelism;

  /**
   * A verifier that runs helper tasks on {@code executor}, using at most {@code parallelism}
   * threads in all (the caller's thread included).
   *
   * @param executor runs the helper tasks; the caller's thread also verifies
   * @param parallelism the most threads in use at once, caller included, at least 1
   * @throws IllegalArgumentException if {@code parallelism} is below 1
   */
  public BatchVerifier(Executor executor, int parallelism) {
    this.executor = Objects.requireNonNull(executor, "executor");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.parallelism = parallelism;
  }

  /**
   * A verifier on {@link ForkJoinPool#commonPool()} using as many threads as there are available
   * processors (the common pool has one fewer; the caller's thread makes up the difference).
   *
   * @return a verifier sized to the machine
   */
  public static BatchVerifier withCommonPool() {
    return new BatchVerifier(ForkJoinPool.commonPool(), Runtime.getRuntime().availableProcessors());
  }

  /**
   * Checks every item and reports which are invalid. The list is read, never modified.
   *
   * @param items the signed messages to check, in any order; may be empty
   * @return which items verified, by their index in {@code items}
   */
  public Result verify(List<SignedMessage> items) {
    Objects.requireNonNull(items, "items");
    SignedMessage[] batch = items.toArray(new SignedMessage[0]);
    for (SignedMessage item : batch) {
      Objects.requireNonNull(item, "items must not contain null");
    }
    int n = batch.length;
    boolean[] valid = new boolean[n];
    int threads = Math.min(parallelism, n);
    if (threads <= 1) {
      verifyRange(batch, 0, n, valid);
      return Result.of(valid);
    }

    int chunkCount = Math.min(n, threads * CHUNKS_PER_THREAD);
    int chunkSize = (n + chunkCount - 1) / chunkCount;
    int chunks = (n + chunkSize - 1) / chunkSize;
    AtomicInteger nextChunk = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(chunks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          int c;
          while ((c = nextChunk.getAndIncrement()) < chunks) {
            try {
              verifyRange(batch, c * chunkSize, Math.min(n, (c + 1) * chunkSize), valid);
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(null, e);
            } finally {
              done.countDown();
            }
          }
        };
    for (int i = 1; i < threads; i++) {
      try {
        executor.execute(worker);
      } catch (RejectedExecutionException e) {
        break; // the caller's own loop below still covers every chunk
      }
    }
    worker.run();
    awaitUninterruptibly(done);
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error err) {
      throw err;
    }
    return Result.of(valid);
  }

  private static void verifyRange(SignedMessage[] batch, int from, int to, boolean[] valid) {
    Map<org.cybervein.api.PublicKey, Optional<Ed25519Verifier>> verifiers = new HashMap<>();
    for (int i = from; i < to; i++) {
      SignedMessage item = batch[i];
      Optional<Ed25519Verifier> verifier =
          verifiers.computeIfAbsent(item.key(), BatchVerifier::verifierFor);
      valid[i] = verifier.isPresent() && verifier.get().verify(item.message(), item.signature());
    }
  }

  private static Optional<Ed25519Verifier> verifierFor(org.cybervein.api.PublicKey key) {
    try {
      return Optional.of(Ed25519Verifier.of(key));
    } catch (InvalidCryptoInputException e) {
      return Optional.empty();
    }
  }

  // The chunks in progress are finite work, so waiting for them cannot hang; an interrupt is
  // remembered and restored rather than abandoning threads that still write into the result.
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "BatchVerifier[parallelism=" + parallelism + "]";
  }

  /** The outcome of a batch: which items, by their index in the input list, are invalid. */
  public static final class Result {
    private final int size;
    private final BitSet invalid;

    private Result(int size, BitSet invalid) {
      this.size = size;
      this.invalid = invalid;
    }

    static Result of(boolean[] valid) {
      BitSet invalid = new BitSet(valid.length);
      for (int i = 0; i < valid.length; i++) {
        if (!valid[i]) {
          invalid.set(i);
        }
      }
      return new Result(valid.length, invalid);
    }

    /**
     * The number of items checked.
     *
     * @return the size of the batch
     */
    public int size() {
      return size;
    }

    /**
     * True if every item verified (also for an empty batch).
     *
     * @return true if no item is invalid
     */
    public boolean allValid() {
      return invalid.isEmpty();
    }

    /**
     * True if the item at {@code index} verified.
     *
     * @param index the item's position in the verified list
     * @return true if that item's signature verified
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public boolean isValid(int index) {
      Objects.checkIndex(index, size);
      return !invalid.get(index);
    }

    /**
     * The number of invalid items.
     *
     * @return the number of items whose signature did not verify
     */
    public int invalidCount() {
      return invalid.cardinality();
    }

    /**
     * A copy of the set of indices of invalid items.
     *
     * @return a new bit set with a bit set for each invalid item's index
     */
    public BitSet invalidIndices() {
      return (BitSet) invalid.clone();
    }

    @Override
    public String toString() {
      return "BatchVerifier.Result[size=" + size + ", invalid=" + invalid + "]";
    }
  }
}
