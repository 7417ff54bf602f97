package org.cybervein.api.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.InvalidEncodingException.Reason;

/**
 * The one parser every decoder of untrusted protobuf bytes goes through: it accepts exactly the
 * canonical encoding of a message, the bytes its own encoder writes, and keeps the memory it spends
 * in proportion to its input.
 *
 * <p>Before protobuf allocates anything, the raw bytes are walked against the message's schema:
 *
 * <ul>
 *   <li>the input may be at most {@link #maxBytes()} long ({@link Reason#OVERSIZED});
 *   <li>every field occurrence is counted, in nested messages too, and every element of a packed
 *       repeated field; above {@link #maxFields()} the input is refused ({@link Reason#OVERSIZED}),
 *       so a flood of tiny fields cannot make the parser build millions of objects;
 *   <li>a field the schema does not know, a field of the wrong wire type, a field out of ascending
 *       order or a non-repeated field given twice is refused at once ({@link
 *       Reason#NON_CANONICAL}); a group or a tag of field number zero ({@link Reason#MALFORMED}); a
 *       length or varint that runs past its end ({@link Reason#TRUNCATED}).
 * </ul>
 *
 * <p>Only then is the message parsed (its bytes fields share the input's content, which no one can
 * change), and it is accepted only if it encodes back to exactly the input: that also refuses
 * non-minimal varints, explicitly encoded default values and several members of one {@code oneof}.
 * So one value has one byte string, and its hash or signature cannot be malleated.
 *
 * <p>Instances are immutable and thread-safe; decoders keep one per message type in a constant.
 *
 * @param <T> the generated message type
 */
public final class CanonicalParser<T extends Message> {
  /** Nesting deeper than this is refused; no schema of this SDK nests half as deep. */
  public static final int MAX_DEPTH = 16;

  /** The most bytes the canonical check buffers; longer fields are compared where they lie. */
  private static final int COMPARE_BUFFER = 4096;

  private static final Map<Descriptor, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private final String what;
  private final Parser<T> parser;
  private final Schema schema;
  private final int maxBytes;
  private final int maxFields;
  private final Map<FieldDescriptor, Integer> maxRepeats;

  private CanonicalParser(
      String what,
      Parser<T> parser,
      Schema schema,
      int maxBytes,
      int maxFields,
      Map<FieldDescriptor, Integer> maxRepeats) {
    this.what = what;
    this.parser = parser;
    this.schema = schema;
    this.maxBytes = maxBytes;
    this.maxFields = maxFields;
    this.maxRepeats = maxRepeats;
  }

  /**
   * A parser for messages of {@code prototype}'s type.
   *
   * @param <T> the generated message type
   * @param prototype the type's default instance, e.g. {@code Foo.getDefaultInstance()}
   * @param maxBytes the longest encoding accepted, in bytes
   * @param maxFields the most field occurrences accepted, counted over all nesting levels and
   *     including each element of a packed repeated field; derive it from the most entries an
   *     honest message of the type can hold
   * @return the parser
   * @throws IllegalArgumentException if a limit is negative
   */
  public static <T extends Message> CanonicalParser<T> of(
      T prototype, int maxBytes, int maxFields) {
    Objects.requireNonNull(prototype, "prototype");
    if (maxBytes < 0 || maxFields < 0) {
      throw new IllegalArgumentException(
          "limits must not be negative, got " + maxBytes + " bytes and " + maxFields + " fields");
    }
    Descriptor descriptor = prototype.getDescriptorForType();
    return new CanonicalParser<>(
        descriptor.getName(),
        parserOf(prototype),
        schema(descriptor),
        maxBytes,
        maxFields,
        Map.of());
  }

  /**
   * The same parser with another byte limit, for decoders whose caller chooses it.
   *
   * @param newMaxBytes the longest encoding accepted, in bytes
   * @return the parser
   * @throws IllegalArgumentException if the limit is negative
   */
  public CanonicalParser<T> withMaxBytes(int newMaxBytes) {
    if (newMaxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, got " + newMaxBytes);
    }
    return new CanonicalParser<>(what, parser, schema, newMaxBytes, maxFields, maxRepeats);
  }

  /**
   * The same parser with another field limit.
   *
   * @param newMaxFields the most field occurrences accepted
   * @return the parser
   * @throws IllegalArgumentException if the limit is negative
   */
  public CanonicalParser<T> withMaxFields(int newMaxFields) {
    if (newMaxFields < 0) {
      throw new IllegalArgumentException("maxFields must not be negative, got " + newMaxFields);
    }
    return new CanonicalParser<>(what, parser, schema, maxBytes, newMaxFields, maxRepeats);
  }

  /**
   * The same parser, also refusing more than {@code max} entries of the repeated {@code field} in
   * any one message that holds it (a tighter, per-field cap inside {@link #maxFields()}: e.g. at
   * most 4096 openings per proof and 32 parents per opening).
   *
   * @param field a repeated field of this message type or of a message nested in it
   * @param max the most entries accepted in one message (for a packed field: elements)
   * @return the parser
   * @throws IllegalArgumentException if the field is not repeated or the limit is negative
   */
  public CanonicalParser<T> withMaxRepeats(FieldDescriptor field, int max) {
    if (!field.isRepeated() || max < 0) {
      throw new IllegalArgumentException(
          "a repeat cap needs a repeated field and a limit >= 0, got " + field + " and " + max);
    }
    Map<FieldDescriptor, Integer> caps = new HashMap<>(maxRepeats);
    caps.put(field, max);
    return new CanonicalParser<>(what, parser, schema, maxBytes, maxFields, Map.copyOf(caps));
  }

  /**
   * The longest encoding accepted.
   *
   * @return the limit in bytes
   */
  public int maxBytes() {
    return maxBytes;
  }

  /**
   * The most field occurrences accepted, over all nesting levels.
   *
   * @return the limit
   */
  public int maxFields() {
    return maxFields;
  }

  /**
   * Parses {@code encoded}, accepting only the canonical encoding of a message of this type.
   *
   * @param encoded the untrusted bytes
   * @return the parsed message, whose encoding is exactly {@code encoded}
   * @throws InvalidEncodingException {@link Reason#OVERSIZED} above the byte or field limit, {@link
   *     Reason#TRUNCATED} if a field runs past the end, {@link Reason#MALFORMED} if the bytes do
   *     not parse as such a message, {@link Reason#NON_CANONICAL} if they parse but are not its
   *     canonical encoding
   */
  public T parse(Bytes encoded) throws InvalidEncodingException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() > maxBytes) {
      throw new InvalidEncodingException(
          Reason.OVERSIZED, what + " of " + encoded.size() + " bytes exceeds " + maxBytes);
    }
    // The content itself, not a copy: a Bytes never changes, so parsed bytes fields may share it.
    ByteString raw = encoded.toByteString();
    new Walk(raw).message(0, raw.size(), schema, 0);
    T message;
    try {
      CodedInputStream in = raw.newCodedInput();
      in.enableAliasing(true);
      in.setRecursionLimit(MAX_DEPTH + 1);
      message = parser.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidEncodingException(
          Reason.MALFORMED, what + " does not parse: " + e.getMessage(), e);
    }
    if (message.getSerializedSize() != raw.size() || !encodesTo(message, raw)) {
      throw new InvalidEncodingException(
          Reason.NON_CANONICAL,
          what + " is not in canonical encoding (padded varint, default value or repeated oneof)");
    }
    return message;
  }

  /**
   * The longest input whose re-encoding is written into a per-thread array and compared in one go;
   * longer ones are compared chunk by chunk as protobuf writes them, so that a large input never
   * costs a second copy of itself.
   */
  static final int ARRAY_COMPARE_MAX = 64 * 1024;

  // Grown on demand up to ARRAY_COMPARE_MAX. Only encodesTo touches it and nothing it calls
  // parses, so one array per thread is never in use twice at once.
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

  /** True if {@code message} encodes to exactly {@code raw} (whose size it already has). */
  private static boolean encodesTo(Message message, ByteString raw) {
    int size = raw.size();
    if (size > ARRAY_COMPARE_MAX) {
      return encodesToStreamed(message, raw);
    }
    byte[] scratch = SCRATCH.get();
    if (scratch.length < size) {
      scratch = new byte[Math.min(ARRAY_COMPARE_MAX, Math.max(size, scratch.length * 2))];
      SCRATCH.set(scratch);
    }
    // protobuf's array encoder: no buffer of its own and no flushes, far cheaper per field than the
    // stream encoder below for the small messages every request and vote is.
    CodedOutputStream coded = CodedOutputStream.newInstance(scratch, 0, size);
    try {
      message.writeTo(coded);
    } catch (IOException e) {
      return false; // more than size bytes: cannot be the same encoding
    }
    return coded.spaceLeft() == 0
        && raw.asReadOnlyByteBuffer().equals(ByteBuffer.wrap(scratch, 0, size));
  }

  /**
   * True if {@code message} encodes to exactly {@code raw}, compared chunk by chunk as protobuf
   * writes it: a check that would otherwise allocate a second copy of every input.
   */
  private static boolean encodesToStreamed(Message message, ByteString raw) {
    Comparing out = new Comparing(raw);
    CodedOutputStream coded = CodedOutputStream.newInstance(out, COMPARE_BUFFER);
    try {
      message.writeTo(coded);
      coded.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("comparing in memory cannot fail", e);
    }
    return out.matches();
  }

  /** An output stream that only records whether what is written equals {@code expected}. */
  private static final class Comparing extends OutputStream {
    private final ByteBuffer expected;
    private int position;
    private boolean same = true;

    Comparing(ByteString expected) {
      this.expected = expected.asReadOnlyByteBuffer().slice();
    }

    @Override
    public void write(int b) {
      same = same && position < expected.limit() && expected.get(position) == (byte) b;
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      same =
          same
              && len <= expected.limit() - position
              && expected.slice(position, len).equals(ByteBuffer.wrap(b, off, len));
      position += len;
    }

    boolean matches() {
      return same && position == expected.limit();
    }
  }

  @Override
  public String toString() {
    return "CanonicalParser[" + what + ", " + maxBytes + " bytes, " + maxFields + " fields]";
  }

  @SuppressWarnings("unchecked") // a default instance's parser parses its own type
  private static <T extends Message> Parser<T> parserOf(T prototype) {
    return (Parser<T>) prototype.getParserForType();
  }

  private static Schema schema(Descriptor descriptor) {
    Schema known = SCHEMAS.get(descriptor);
    return known != null ? known : build(descriptor);
  }

  // Built under one lock and published complete, so no thread sees a half-filled schema.
  private static synchronized Schema build(Descriptor descriptor) {
    Map<Descriptor, Schema> building = new HashMap<>();
    Schema schema = build(descriptor, building);
    SCHEMAS.putAll(building);
    return schema;
  }

  private static Schema build(Descriptor descriptor, Map<Descriptor, Schema> building) {
    Schema known = SCHEMAS.get(descriptor);
    if (known == null) {
      known = building.get(descriptor);
    }
    if (known != null) {
      return known;
    }
    // Registered before its fields, so that a recursive message type refers to itself.
    Schema created = new Schema(descriptor.getName());
    building.put(descriptor, created);
    Map<Integer, Field> fields = new HashMap<>();
    for (FieldDescriptor f : descriptor.getFields()) {
      fields.put(f.getNumber(), field(f, building));
    }
    created.fields = Map.copyOf(fields);
    return created;
  }

  private static Field field(FieldDescriptor f, Map<Descriptor, Schema> building) {
    boolean packed = f.isPacked();
    int elementWireType =
        switch (f.getType()) {
          case DOUBLE, FIXED64, SFIXED64 -> WireFormat.WIRETYPE_FIXED64;
          case FLOAT, FIXED32, SFIXED32 -> WireFormat.WIRETYPE_FIXED32;
          case INT32, INT64, UINT32, UINT64, SINT32, SINT64, BOOL, ENUM ->
              WireFormat.WIRETYPE_VARINT;
          case STRING, BYTES, MESSAGE -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
          case GROUP -> WireFormat.WIRETYPE_START_GROUP;
        };
    int wireType = packed ? WireFormat.WIRETYPE_LENGTH_DELIMITED : elementWireType;
    Schema nested =
        f.getType() == FieldDescriptor.Type.MESSAGE ? build(f.getMessageType(), building) : null;
    return new Field(f, f.isRepeated(), packed ? elementWireType : -1, wireType, nested);
  }

  /** The fields of one message type, by number. */
  private static final class Schema {
    final String name;
    // Written once while the schema is built, before the map that publishes it is filled.
    Map<Integer, Field> fields = Map.of();

    Schema(String name) {
      this.name = name;
    }
  }

  /**
   * One field: its canonical wire type, whether it may repeat, the wire type of its packed elements
   * (or -1 if not packed), and its message schema if it is a message.
   */
  private record Field(
      FieldDescriptor descriptor,
      boolean repeated,
      int packedElementType,
      int wireType,
      Schema nested) {}

  /** One pass over the raw bytes, counting fields, allocating nothing. */
  private final class Walk {
    private final ByteString b;
    private int pos;
    private int fields;

    Walk(ByteString b) {
      this.b = b;
    }

    void message(int start, int end, Schema s, int depth) throws InvalidEncodingException {
      if (depth > MAX_DEPTH) {
        throw malformed("nests deeper than " + MAX_DEPTH);
      }
      pos = start;
      int previous = 0;
      int run = 0;
      while (pos < end) {
        long tag = varint(end);
        if (tag > 0xFFFF_FFFFL) {
          throw malformed("has a tag beyond 32 bits");
        }
        int number = WireFormat.getTagFieldNumber((int) tag);
        int wireType = WireFormat.getTagWireType((int) tag);
        if (number == 0) {
          throw malformed("has a field numbered 0");
        }
        if (wireType > WireFormat.WIRETYPE_FIXED32) {
          throw malformed("has a tag of wire type " + wireType + ", which does not exist");
        }
        Field f = s.fields.get(number);
        if (f == null) {
          throw nonCanonical("has unknown field " + number + " in " + s.name);
        }
        if (wireType != f.wireType()) {
          throw nonCanonical(
              "has field " + number + " of " + s.name + " with wire type " + wireType);
        }
        if (number < previous || (number == previous && !f.repeated())) {
          throw nonCanonical(
              "has field " + number + " of " + s.name + " after field " + previous + " (order)");
        }
        // Counted after the form checks, so that a field that breaks the canonical form is
        // reported as such even where it would also pass the cap.
        count(1);
        run = number == previous ? run + 1 : 1;
        previous = number;
        if (f.repeated() && !maxRepeats.isEmpty()) {
          repeats(f, f.packedElementType() == -1 ? run : packedElements(f, end));
        }
        switch (wireType) {
          case WireFormat.WIRETYPE_VARINT -> varint(end);
          case WireFormat.WIRETYPE_FIXED64 -> skip(8, end);
          case WireFormat.WIRETYPE_FIXED32 -> skip(4, end);
          case WireFormat.WIRETYPE_LENGTH_DELIMITED -> lengthDelimited(f, end, depth);
          default -> throw malformed("has a group, which no schema here uses");
        }
      }
    }

    private void repeats(Field f, int entries) throws InvalidEncodingException {
      Integer max = maxRepeats.get(f.descriptor());
      if (max != null && entries > max) {
        throw new InvalidEncodingException(
            Reason.OVERSIZED,
            what + " has more than " + max + " entries of " + f.descriptor().getFullName());
      }
    }

    /** The elements of the packed field starting at {@code pos}, read without moving on. */
    private int packedElements(Field f, int end) throws InvalidEncodingException {
      int at = pos;
      long length = varint(end);
      int start = pos;
      pos = at;
      if (length > end - start) {
        return 0; // lengthDelimited reports the truncation
      }
      return elements(f, start, start + (int) length);
    }

    private int elements(Field f, int start, int stop) {
      if (f.packedElementType() == WireFormat.WIRETYPE_VARINT) {
        int elements = 0;
        for (int i = start; i < stop; i++) {
          if (b.byteAt(i) >= 0) {
            elements++;
          }
        }
        return elements;
      }
      return (stop - start) / (f.packedElementType() == WireFormat.WIRETYPE_FIXED64 ? 8 : 4);
    }

    private void lengthDelimited(Field f, int end, int depth) throws InvalidEncodingException {
      long length = varint(end);
      if (length > end - pos) {
        throw new InvalidEncodingException(
            Reason.TRUNCATED, what + " ends inside a field of " + length + " bytes");
      }
      int start = pos;
      int stop = start + (int) length;
      if (f.nested() != null) {
        message(start, stop, f.nested(), depth + 1);
      } else if (f.packedElementType() != -1) {
        count(elements(f, start, stop));
      }
      pos = stop;
    }

    private void count(int n) throws InvalidEncodingException {
      fields += n;
      if (fields > maxFields || fields < 0) {
        throw new InvalidEncodingException(
            Reason.OVERSIZED, what + " has more than " + maxFields + " fields");
      }
    }

    private long varint(int end) throws InvalidEncodingException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new InvalidEncodingException(Reason.TRUNCATED, what + " ends inside a varint");
        }
        byte next = b.byteAt(pos++);
        value |= (long) (next & 0x7f) << shift;
        if (next >= 0) {
          return value;
        }
      }
      throw malformed("has a varint longer than ten bytes");
    }

    private void skip(int n, int end) throws InvalidEncodingException {
      if (end - pos < n) {
        throw new InvalidEncodingException(
            Reason.TRUNCATED, what + " ends inside a fixed-size field");
      }
      pos += n;
    }

    private InvalidEncodingException nonCanonical(String detail) {
      return new InvalidEncodingException(Reason.NON_CANONICAL, what + " " + detail);
    }

    private InvalidEncodingException malformed(String detail) {
      return new InvalidEncodingException(Reason.MALFORMED, what + " " + detail);
    }
  }
}
