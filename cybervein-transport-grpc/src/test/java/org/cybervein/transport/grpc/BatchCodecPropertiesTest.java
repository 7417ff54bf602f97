package org.cybervein.transport.grpc;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.TransportProto.TransportBatch;
import org.cybervein.api.wire.v1.TransportProto.TransportFrame;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Laws of batches (several frames per gRPC message): the hand-written encoder writes exactly
 * protobuf's canonical encoding, batches reassemble into the messages whatever their boundaries,
 * and a truncated, mutated, oversized or random batch is refused as a whole with {@link
 * InvalidTransportInputException}, leaving the reassembler as it was.
 */
class BatchCodecPropertiesTest {
  private static final int MAX_FRAME = 4096;
  private static final int MAX_MESSAGE = 3000;
  private static final FrameCodec CODEC = new FrameCodec(MAX_FRAME);

  private static Gen<byte[]> bytes(int min, int max) {
    return Generate.byteArrays(
        Generate.range(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  private static Gen<List<byte[]>> messages() {
    return lists().of(bytes(0, 120)).ofSizeBetween(1, 8);
  }

  /** Every message's frames with chunks of at most {@code chunk}, in stream order. */
  private static List<FrameCodec.Slice> slices(List<byte[]> messages, int chunk) {
    List<FrameCodec.Slice> slices = new ArrayList<>();
    for (byte[] m : messages) {
      int offset = 0;
      do {
        int length = Math.min(chunk, m.length - offset);
        slices.add(new FrameCodec.Slice(m, offset, length));
        offset += length;
      } while (offset < m.length);
    }
    return slices;
  }

  /** The slices cut into batches of at most {@code perBatch} frames, each encoded. */
  private static List<byte[]> batches(List<FrameCodec.Slice> slices, int perBatch) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < slices.size(); i += perBatch) {
      List<FrameCodec.Slice> part = slices.subList(i, Math.min(slices.size(), i + perBatch));
      int size = 0;
      for (FrameCodec.Slice s : part) {
        size += FrameCodec.batchEntrySize(s.message().length(), s.offset(), s.length());
      }
      out.add(FrameCodec.encodeBatch(part, size));
    }
    return out;
  }

  private static List<byte[]> feed(Reassembler reassembler, byte[] batch)
      throws InvalidTransportInputException {
    return reassembler.acceptAll(CODEC.decodeBatch(batch)).stream()
        .map(Bytes::toByteArray)
        .toList();
  }

  private static List<byte[]> feedGenuine(Reassembler reassembler, byte[] batch) {
    try {
      return feed(reassembler, batch);
    } catch (InvalidTransportInputException e) {
      throw new AssertionError("a genuine batch was refused: " + e.getMessage(), e);
    }
  }

  private record State(int buffered, int offset) {
    static State of(Reassembler r) {
      return new State(r.bufferedBytes(), r.expectedOffset());
    }
  }

  private static void assertSameMessages(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i));
    }
  }

  @Test
  void theEncoderWritesProtobufsCanonicalBatchAndBatchesReassembleIntoTheMessages() {
    qt().forAll(messages(), integers().between(1, 150), integers().between(1, 6))
        .checkAssert(
            (messages, chunk, perBatch) -> {
              List<FrameCodec.Slice> slices = slices(messages, chunk);
              TransportBatch.Builder reference =
                  TransportBatch.newBuilder().setFrameCount(slices.size());
              for (FrameCodec.Slice s : slices) {
                reference.addFrames(
                    TransportFrame.newBuilder()
                        .setMessageLength(s.message().length())
                        .setOffset(s.offset())
                        .setChunk(
                            ByteString.copyFrom(
                                s.message().toByteArray(), s.offset(), s.length())));
              }
              List<byte[]> whole = batches(slices, slices.size());
              assertArrayEquals(reference.build().toByteArray(), whole.get(0));
              Reassembler reassembler = new Reassembler(MAX_MESSAGE);
              List<byte[]> out = new ArrayList<>();
              for (byte[] batch : batches(slices, perBatch)) {
                out.addAll(feedGenuine(reassembler, batch));
              }
              assertSameMessages(messages, out);
              assertEquals(new State(0, 0), State.of(reassembler));
            });
  }

  @Test
  void aTruncatedBatchIsRefusedWholeAndTheStreamStillCompletes() {
    qt().forAll(
            messages(),
            integers().between(1, 150),
            integers().between(0, Integer.MAX_VALUE),
            integers().between(0, Integer.MAX_VALUE))
        .checkAssert(
            (messages, chunk, pickBatch, pickCut) -> {
              List<byte[]> batches = batches(slices(messages, chunk), 3);
              int k = pickBatch % batches.size();
              Reassembler reassembler = new Reassembler(MAX_MESSAGE);
              List<byte[]> out = new ArrayList<>();
              for (int i = 0; i < k; i++) {
                out.addAll(feedGenuine(reassembler, batches.get(i)));
              }
              State before = State.of(reassembler);
              byte[] batch = batches.get(k);
              byte[] truncated = Arrays.copyOf(batch, pickCut % batch.length);
              assertThrows(
                  InvalidTransportInputException.class, () -> feed(reassembler, truncated));
              assertEquals(before, State.of(reassembler));
              for (int i = k; i < batches.size(); i++) {
                out.addAll(feedGenuine(reassembler, batches.get(i)));
              }
              assertSameMessages(messages, out);
            });
  }

  @Test
  void aMutatedBatchIsRefusedWithoutTouchingStateOrAcceptedAsABatch() {
    qt().forAll(
            messages(),
            integers().between(1, 150),
            integers().between(0, Integer.MAX_VALUE),
            integers().between(0, Integer.MAX_VALUE))
        .checkAssert(
            (messages, chunk, pickBatch, pick) -> {
              List<byte[]> batches = batches(slices(messages, chunk), 3);
              int k = pickBatch % batches.size();
              byte[] mutated = batches.get(k).clone();
              mutated[(pick >>> 8) % mutated.length] ^= (byte) (1 + (pick & 0xff) % 255);
              Reassembler reassembler = new Reassembler(MAX_MESSAGE);
              List<byte[]> out = new ArrayList<>();
              for (int i = 0; i < k; i++) {
                out.addAll(feedGenuine(reassembler, batches.get(i)));
              }
              State before = State.of(reassembler);
              try {
                feed(reassembler, mutated);
              } catch (InvalidTransportInputException refused) {
                // Refused as a whole: nothing changed, the genuine batches still complete.
                assertEquals(before, State.of(reassembler));
                for (int i = k; i < batches.size(); i++) {
                  out.addAll(feedGenuine(reassembler, batches.get(i)));
                }
                assertSameMessages(messages, out);
              }
            });
  }

  @Test
  void randomBytesAreRefusedWithTheDocumentedExceptionOnly() {
    qt().forAll(bytes(0, 300))
        .checkAssert(
            bytes -> {
              Reassembler reassembler = new Reassembler(MAX_MESSAGE);
              byte[] head = new byte[100];
              feedGenuine(
                  reassembler,
                  FrameCodec.encodeBatch(
                      List.of(new FrameCodec.Slice(head, 0, 40)),
                      FrameCodec.batchEntrySize(100, 0, 40)));
              State before = State.of(reassembler);
              try {
                feed(reassembler, bytes);
              } catch (InvalidTransportInputException refused) {
                assertEquals(before, State.of(reassembler));
              }
            });
  }

  @Test
  void refusesAnEmptyBatchAnOversizedOneAndOneWithTooManyFrames() throws Exception {
    Reassembler reassembler = new Reassembler(MAX_MESSAGE);
    InvalidTransportInputException empty =
        assertThrows(InvalidTransportInputException.class, () -> feed(reassembler, new byte[0]));
    assertEquals(Reason.MALFORMED, empty.reason());
    byte[] big = new byte[MAX_FRAME];
    byte[] oversized =
        FrameCodec.encodeBatch(
            List.of(new FrameCodec.Slice(big, 0, big.length)),
            FrameCodec.batchEntrySize(big.length, 0, big.length));
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(InvalidTransportInputException.class, () -> feed(reassembler, oversized))
            .reason());
    // Empty messages are the smallest frames: one more than a batch may hold, in few bytes.
    FrameCodec.Slice nothing = new FrameCodec.Slice(new byte[0], 0, 0);
    List<FrameCodec.Slice> many = new ArrayList<>();
    for (int i = 0; i <= FrameCodec.MAX_BATCH_FRAMES; i++) {
      many.add(nothing);
    }
    byte[] tooMany = FrameCodec.encodeBatch(many, many.size() * FrameCodec.batchEntrySize(0, 0, 0));
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidTransportInputException.class,
                () -> new FrameCodec(1 << 20).decodeBatch(tooMany))
            .reason());
    List<Bytes> most =
        reassembler.acceptAll(
            new FrameCodec(1 << 20)
                .decodeBatch(
                    FrameCodec.encodeBatch(
                        many.subList(0, FrameCodec.MAX_BATCH_FRAMES),
                        FrameCodec.MAX_BATCH_FRAMES * FrameCodec.batchEntrySize(0, 0, 0))));
    assertEquals(FrameCodec.MAX_BATCH_FRAMES, most.size());
    assertEquals(new State(0, 0), State.of(reassembler));
  }

  @Test
  void aBatchCutAtAFrameBoundaryIsRefusedByItsCount() {
    byte[] m = {1, 2, 3};
    FrameCodec.Slice whole = new FrameCodec.Slice(m, 0, 3);
    int entry = FrameCodec.batchEntrySize(3, 0, 3);
    byte[] two = FrameCodec.encodeBatch(List.of(whole, whole), 2 * entry);
    byte[] cut = Arrays.copyOf(two, two.length - entry); // still a well-formed list of frames
    Reassembler reassembler = new Reassembler(MAX_MESSAGE);
    InvalidTransportInputException e =
        assertThrows(InvalidTransportInputException.class, () -> feed(reassembler, cut));
    assertEquals(Reason.MALFORMED, e.reason());
    assertEquals(new State(0, 0), State.of(reassembler));
  }

  @Test
  void aBatchWhoseLastFrameBreaksTheSequenceDeliversNoneOfItsMessages() throws Exception {
    byte[] a = {1, 2, 3};
    byte[] b = new byte[10];
    List<FrameCodec.Slice> frames =
        List.of(
            new FrameCodec.Slice(a, 0, 3), // complete
            new FrameCodec.Slice(b, 0, 4), // first part of b
            new FrameCodec.Slice(b, 5, 5)); // skips a byte
    int size = 0;
    for (FrameCodec.Slice s : frames) {
      size += FrameCodec.batchEntrySize(s.message().length(), s.offset(), s.length());
    }
    byte[] batch = FrameCodec.encodeBatch(frames, size);
    Reassembler reassembler = new Reassembler(MAX_MESSAGE);
    InvalidTransportInputException e =
        assertThrows(InvalidTransportInputException.class, () -> feed(reassembler, batch));
    assertEquals(Reason.OUT_OF_SEQUENCE, e.reason());
    assertEquals(new State(0, 0), State.of(reassembler));
  }
}
