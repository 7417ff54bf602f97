package org.cybervein.transport.grpc;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Laws of the frame codec and the reassembler, over random messages and chunk sizes. */
class FrameCodecPropertiesTest {
  private static final int MAX_FRAME = 4096;
  private static final int MAX_MESSAGE = 6000;
  private static final FrameCodec CODEC = new FrameCodec(MAX_FRAME);

  private static Gen<byte[]> messages() {
    return bytes(0, MAX_MESSAGE);
  }

  private static Gen<byte[]> bytes(int min, int max) {
    return Generate.byteArrays(
        Generate.range(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  /** The frames the sender writes for {@code message} with chunks of at most {@code chunk}. */
  static List<byte[]> frames(byte[] message, int chunk) {
    List<byte[]> frames = new ArrayList<>();
    int offset = 0;
    do {
      int length = Math.min(chunk, message.length - offset);
      frames.add(FrameCodec.encode(message, offset, length));
      offset += length;
    } while (offset < message.length);
    return frames;
  }

  /** Decodes and reassembles one frame, as an inbound stream does. */
  private static Optional<byte[]> feed(Reassembler reassembler, byte[] frame)
      throws InvalidTransportInputException {
    return reassembler.accept(CODEC.decode(frame)).map(Bytes::toByteArray);
  }

  private record State(int buffered, int offset) {
    static State of(Reassembler r) {
      return new State(r.bufferedBytes(), r.expectedOffset());
    }
  }

  @Test
  void framesReassembleIntoTheMessageAtTheLastFrameOnly() {
    qt().forAll(messages(), integers().between(1, 700))
        .checkAssert(
            (message, chunk) -> {
              Reassembler reassembler = new Reassembler(MAX_MESSAGE);
              List<byte[]> frames = frames(message, chunk);
              for (int i = 0; i < frames.size(); i++) {
                assertTrue(frames.get(i).length <= chunk + GrpcTransportLimits.FRAME_OVERHEAD);
                Optional<byte[]> out = assertDoesNotThrow(reassembler, frames.get(i));
                assertEquals(i == frames.size() - 1, out.isPresent());
                out.ifPresent(m -> assertArrayEquals(message, m));
              }
              assertEquals(new State(0, 0), State.of(reassembler));
            });
  }

  @Test
  void aTruncatedFrameIsRefusedAndTheMessageStillCompletes() {
    qt().forAll(
            bytes(1, MAX_MESSAGE),
            integers().between(1, 700),
            integers().between(0, Integer.MAX_VALUE),
            integers().between(0, Integer.MAX_VALUE))
        .checkAssert(
            (message, chunk, pickFrame, pickCut) -> {
              List<byte[]> frames = frames(message, chunk);
              int k = pickFrame % frames.size();
              byte[] frame = frames.get(k);
              int cut = 1 + pickCut % (frame.length - 1);
              Reassembler reassembler = new Reassembler(MAX_MESSAGE);
              for (int i = 0; i < k; i++) {
                assertDoesNotThrow(reassembler, frames.get(i));
              }
              State before = State.of(reassembler);
              byte[] truncated = java.util.Arrays.copyOf(frame, cut);
              assertThrows(
                  InvalidTransportInputException.class, () -> feed(reassembler, truncated));
              assertEquals(before, State.of(reassembler));
              assertCompletes(reassembler, frames, k, message);
            });
  }

  @Test
  void aMutatedFrameIsRefusedWithoutTouchingStateOrAcceptedAsAFrame() {
    qt().forAll(
            bytes(1, MAX_MESSAGE),
            integers().between(1, 700),
            integers().between(0, Integer.MAX_VALUE),
            integers().between(0, Integer.MAX_VALUE))
        .checkAssert(
            (message, chunk, pickFrame, pick) -> {
              int pickByte = pick >>> 8;
              int xor = 1 + (pick & 0xff) % 255;
              List<byte[]> frames = frames(message, chunk);
              int k = pickFrame % frames.size();
              byte[] mutated = frames.get(k).clone();
              mutated[pickByte % mutated.length] ^= (byte) xor;
              Reassembler reassembler = new Reassembler(MAX_MESSAGE);
              for (int i = 0; i < k; i++) {
                assertDoesNotThrow(reassembler, frames.get(i));
              }
              State before = State.of(reassembler);
              try {
                feed(reassembler, mutated);
              } catch (InvalidTransportInputException refused) {
                // Refused: nothing changed, and the genuine frames still complete the message.
                assertEquals(before, State.of(reassembler));
                assertCompletes(reassembler, frames, k, message);
              }
            });
  }

  @Test
  void randomBytesAreRefusedWithTheDocumentedExceptionOnly() {
    qt().forAll(bytes(0, 200))
        .checkAssert(
            bytes -> {
              Reassembler reassembler = new Reassembler(MAX_MESSAGE);
              byte[] head = FrameCodec.encode(new byte[100], 0, 40);
              assertDoesNotThrow(reassembler, head);
              State before = State.of(reassembler);
              try {
                feed(reassembler, bytes);
              } catch (InvalidTransportInputException refused) {
                assertEquals(before, State.of(reassembler));
              }
            });
  }

  @Test
  void refusesFramesAboveTheFrameLimitAndMessagesAboveTheMessageLimit() {
    byte[] big = new byte[MAX_FRAME];
    InvalidTransportInputException frame =
        assertThrows(
            InvalidTransportInputException.class,
            () -> CODEC.decode(FrameCodec.encode(big, 0, big.length)));
    assertEquals(Reason.OVERSIZED, frame.reason());
    Reassembler reassembler = new Reassembler(100);
    InvalidTransportInputException message =
        assertThrows(
            InvalidTransportInputException.class,
            () -> feed(reassembler, FrameCodec.encode(new byte[101], 0, 10)));
    assertEquals(Reason.OVERSIZED, message.reason());
    assertEquals(new State(0, 0), State.of(reassembler));
  }

  @Test
  void refusesAFrameThatDoesNotContinueTheMessage() throws Exception {
    byte[] message = new byte[30];
    Reassembler reassembler = new Reassembler(100);
    feed(reassembler, FrameCodec.encode(message, 0, 10));
    for (byte[] wrong :
        List.of(
            FrameCodec.encode(message, 0, 10), // restarts
            FrameCodec.encode(message, 15, 5), // skips
            FrameCodec.encode(new byte[40], 10, 10), // another length
            FrameCodec.encode(message, 10, 0))) { // empty chunk
      InvalidTransportInputException e =
          assertThrows(InvalidTransportInputException.class, () -> feed(reassembler, wrong));
      assertEquals(Reason.OUT_OF_SEQUENCE, e.reason());
      assertEquals(new State(10, 10), State.of(reassembler));
    }
  }

  private static Optional<byte[]> assertDoesNotThrow(Reassembler reassembler, byte[] frame) {
    try {
      return feed(reassembler, frame);
    } catch (InvalidTransportInputException e) {
      throw new AssertionError("a genuine frame was refused: " + e.getMessage(), e);
    }
  }

  private static void assertCompletes(
      Reassembler reassembler, List<byte[]> frames, int from, byte[] message) {
    Optional<byte[]> out = Optional.empty();
    for (int i = from; i < frames.size(); i++) {
      out = assertDoesNotThrow(reassembler, frames.get(i));
    }
    assertArrayEquals(message, out.orElseThrow());
  }
}
