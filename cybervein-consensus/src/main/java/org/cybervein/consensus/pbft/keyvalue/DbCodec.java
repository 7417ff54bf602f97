package org.cybervein.consensus.pbft.keyvalue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.wire.v1.PbftDatabaseProto;
import org.cybervein.consensus.pbft.keyvalue.InvalidDatabaseInputException.Reason;

/**
 * Encodes and decodes the replicated database's wire messages ({@code pbft_database.proto}):
 * operations, results and snapshots.
 *
 * <p><b>One encoding per value.</b> Decoders accept only the canonical encoding, the exact bytes
 * that {@code encode} produces: unknown fields, repeated fields, fields out of order and
 * non-minimal varints are rejected as {@link Reason#MALFORMED}. So an operation has one byte string
 * and one request digest, and no replica can be talked into a different reading than another.
 *
 * <p>Decoders check the size of the input before parsing it, and every key and value against the
 * {@link DbOperation} limits, and throw {@link InvalidDatabaseInputException}; nothing else escapes
 * them.
 */
public final class DbCodec {
  /**
   * The longest operation encoding: a compare-and-set with a full key and two full values, plus
   * field overhead.
   */
  public static final int MAX_OPERATION_SIZE =
      DbOperation.MAX_KEY_SIZE + 2 * DbOperation.MAX_VALUE_SIZE + 64;

  /** The longest result encoding: one full value plus field overhead. */
  public static final int MAX_RESULT_SIZE = DbOperation.MAX_VALUE_SIZE + 32;

  private DbCodec() {}

  // ------------------------------------------------------------------ operations

  /**
   * The canonical encoding of an operation.
   *
   * @param operation the operation to encode
   * @return its canonical {@code DbOperation} bytes
   */
  public static Bytes encode(DbOperation operation) {
    return bytes(toProto(operation).toByteArray());
  }

  /**
   * Decodes an operation.
   *
   * @param encoded the received bytes, e.g. the operation of a request
   * @return the operation
   * @throws InvalidDatabaseInputException if the bytes are too long, not a canonical {@code
   *     DbOperation}, have no operation, or a key or value outside the limits
   */
  public static DbOperation decodeOperation(Bytes encoded) throws InvalidDatabaseInputException {
    byte[] raw = checkSize(encoded, MAX_OPERATION_SIZE, "operation");
    PbftDatabaseProto.DbOperation proto;
    try {
      proto = PbftDatabaseProto.DbOperation.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw malformed("operation", e);
    }
    DbOperation operation =
        switch (proto.getKindCase()) {
          case PUT ->
              new DbOperation.Put(key(proto.getPut().getKey()), value(proto.getPut().getValue()));
          case GET -> new DbOperation.Get(key(proto.getGet().getKey()));
          case DELETE -> new DbOperation.Delete(key(proto.getDelete().getKey()));
          case COMPARE_AND_SET -> {
            PbftDatabaseProto.DbCompareAndSet cas = proto.getCompareAndSet();
            yield new DbOperation.CompareAndSet(
                key(cas.getKey()),
                cas.hasExpected() ? Optional.of(value(cas.getExpected())) : Optional.empty(),
                cas.hasNewValue() ? Optional.of(value(cas.getNewValue())) : Optional.empty());
          }
          case KIND_NOT_SET ->
              throw new InvalidDatabaseInputException(
                  Reason.MISSING_FIELD,
                  "the operation names none of put, get, delete, compare_and_set");
        };
    requireCanonical(proto, raw, "operation");
    return operation;
  }

  private static PbftDatabaseProto.DbOperation toProto(DbOperation operation) {
    PbftDatabaseProto.DbOperation.Builder b = PbftDatabaseProto.DbOperation.newBuilder();
    if (operation instanceof DbOperation.Put put) {
      b.setPut(
          PbftDatabaseProto.DbPut.newBuilder()
              .setKey(byteString(put.key()))
              .setValue(byteString(put.value())));
    } else if (operation instanceof DbOperation.Get get) {
      b.setGet(PbftDatabaseProto.DbGet.newBuilder().setKey(byteString(get.key())));
    } else if (operation instanceof DbOperation.Delete delete) {
      b.setDelete(PbftDatabaseProto.DbDelete.newBuilder().setKey(byteString(delete.key())));
    } else {
      DbOperation.CompareAndSet cas = (DbOperation.CompareAndSet) operation;
      PbftDatabaseProto.DbCompareAndSet.Builder c =
          PbftDatabaseProto.DbCompareAndSet.newBuilder().setKey(byteString(cas.key()));
      cas.expected().ifPresent(v -> c.setExpected(byteString(v)));
      cas.newValue().ifPresent(v -> c.setNewValue(byteString(v)));
      b.setCompareAndSet(c);
    }
    return b.build();
  }

  // ------------------------------------------------------------------ results

  /**
   * The canonical encoding of a result.
   *
   * @param result the result to encode
   * @return its canonical {@code DbResult} bytes
   */
  public static Bytes encode(DbResult result) {
    PbftDatabaseProto.DbResult.Builder b =
        PbftDatabaseProto.DbResult.newBuilder().setStatus(toProto(result.status()));
    result.value().ifPresent(v -> b.setValue(byteString(v)));
    return bytes(b.build().toByteArray());
  }

  /**
   * Decodes a result, e.g. from a replica's reply.
   *
   * @param encoded the received bytes
   * @return the result
   * @throws InvalidDatabaseInputException if the bytes are too long, not a canonical {@code
   *     DbResult}, have an unknown status, or a value that the status does not allow
   */
  public static DbResult decodeResult(Bytes encoded) throws InvalidDatabaseInputException {
    byte[] raw = checkSize(encoded, MAX_RESULT_SIZE, "result");
    PbftDatabaseProto.DbResult proto;
    try {
      proto = PbftDatabaseProto.DbResult.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw malformed("result", e);
    }
    DbResult.Status status =
        switch (proto.getStatus()) {
          case DB_STATUS_OK -> DbResult.Status.OK;
          case DB_STATUS_NOT_FOUND -> DbResult.Status.NOT_FOUND;
          case DB_STATUS_CAS_MISMATCH -> DbResult.Status.CAS_MISMATCH;
          case DB_STATUS_INVALID_OPERATION -> DbResult.Status.INVALID_OPERATION;
          case DB_STATUS_UNSPECIFIED ->
              throw new InvalidDatabaseInputException(
                  Reason.MISSING_FIELD, "the result has no status");
          case UNRECOGNIZED ->
              throw new InvalidDatabaseInputException(
                  Reason.INVALID_VALUE, "unknown result status " + proto.getStatusValue());
        };
    Optional<Bytes> value =
        proto.hasValue() ? Optional.of(value(proto.getValue())) : Optional.empty();
    if (value.isPresent()
        && (status == DbResult.Status.NOT_FOUND || status == DbResult.Status.INVALID_OPERATION)) {
      throw new InvalidDatabaseInputException(
          Reason.INVALID_VALUE, "a " + status + " result carries no value");
    }
    requireCanonical(proto, raw, "result");
    return new DbResult(status, value);
  }

  private static PbftDatabaseProto.DbStatus toProto(DbResult.Status status) {
    return switch (status) {
      case OK -> PbftDatabaseProto.DbStatus.DB_STATUS_OK;
      case NOT_FOUND -> PbftDatabaseProto.DbStatus.DB_STATUS_NOT_FOUND;
      case CAS_MISMATCH -> PbftDatabaseProto.DbStatus.DB_STATUS_CAS_MISMATCH;
      case INVALID_OPERATION -> PbftDatabaseProto.DbStatus.DB_STATUS_INVALID_OPERATION;
    };
  }

  // ------------------------------------------------------------------ snapshots

  /**
   * The canonical encoding of a snapshot.
   *
   * @param snapshot the snapshot to encode
   * @return its canonical {@code DbSnapshot} bytes
   */
  public static Bytes encode(DbSnapshot snapshot) {
    PbftDatabaseProto.DbSnapshot.Builder b = PbftDatabaseProto.DbSnapshot.newBuilder();
    for (KeyValue entry : snapshot.entries()) {
      b.addEntries(
          PbftDatabaseProto.DbEntry.newBuilder()
              .setKey(byteString(entry.key()))
              .setValue(byteString(entry.value())));
    }
    return bytes(b.build().toByteArray());
  }

  /**
   * Decodes a snapshot, e.g. from state transfer.
   *
   * @param maxSize the longest encoding accepted, in bytes: the whole snapshot is held in memory
   * @param encoded the received bytes
   * @return the snapshot
   * @throws InvalidDatabaseInputException if the bytes are longer than {@code maxSize}, not a
   *     canonical {@code DbSnapshot}, or hold a key or value outside the limits or keys out of
   *     order
   */
  public static DbSnapshot decodeSnapshot(Bytes encoded, int maxSize)
      throws InvalidDatabaseInputException {
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize must not be negative, got " + maxSize);
    }
    byte[] raw = checkSize(encoded, maxSize, "snapshot");
    PbftDatabaseProto.DbSnapshot proto;
    try {
      proto = PbftDatabaseProto.DbSnapshot.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw malformed("snapshot", e);
    }
    List<KeyValue> entries = new ArrayList<>(proto.getEntriesCount());
    Bytes previous = null;
    for (PbftDatabaseProto.DbEntry entry : proto.getEntriesList()) {
      Bytes key = key(entry.getKey());
      if (previous != null && previous.compareTo(key) >= 0) {
        throw new InvalidDatabaseInputException(
            Reason.UNSORTED,
            "snapshot key " + key + " does not follow " + previous + " in increasing order");
      }
      entries.add(new KeyValue(key, value(entry.getValue())));
      previous = key;
    }
    requireCanonical(proto, raw, "snapshot");
    return new DbSnapshot(entries);
  }

  // ------------------------------------------------------------------ helpers

  private static byte[] checkSize(Bytes encoded, int max, String what)
      throws InvalidDatabaseInputException {
    if (encoded.size() > max) {
      throw new InvalidDatabaseInputException(
          Reason.OVERSIZED, "a " + what + " is at most " + max + " bytes, got " + encoded.size());
    }
    return encoded.toByteArray();
  }

  private static void requireCanonical(Message proto, byte[] raw, String what)
      throws InvalidDatabaseInputException {
    // Equal re-encoding rules out repeated fields, field reordering and padded varints; protobuf
    // keeps unknown fields (and fields of the wrong wire type) and re-encodes them, so those are
    // looked for separately.
    if (hasUnknownFields(proto)
        || proto.getSerializedSize() != raw.length
        || !Arrays.equals(proto.toByteArray(), raw)) {
      throw new InvalidDatabaseInputException(
          Reason.MALFORMED, "the " + what + " is not in its canonical encoding");
    }
  }

  private static boolean hasUnknownFields(Message message) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      return true;
    }
    for (Object value : message.getAllFields().values()) {
      if (value instanceof Message nested && hasUnknownFields(nested)) {
        return true;
      }
      if (value instanceof List<?> list) {
        for (Object element : list) {
          if (element instanceof Message nested && hasUnknownFields(nested)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static InvalidDatabaseInputException malformed(String what, Exception cause) {
    return new InvalidDatabaseInputException(
        Reason.MALFORMED, "the bytes do not parse as a " + what + ": " + cause.getMessage(), cause);
  }

  private static Bytes key(ByteString raw) throws InvalidDatabaseInputException {
    if (raw.isEmpty() || raw.size() > DbOperation.MAX_KEY_SIZE) {
      throw new InvalidDatabaseInputException(
          Reason.INVALID_VALUE,
          "a database key is 1 to " + DbOperation.MAX_KEY_SIZE + " bytes, got " + raw.size());
    }
    return bytes(raw.toByteArray());
  }

  private static Bytes value(ByteString raw) throws InvalidDatabaseInputException {
    if (raw.size() > DbOperation.MAX_VALUE_SIZE) {
      throw new InvalidDatabaseInputException(
          Reason.OVERSIZED,
          "a database value is at most "
              + DbOperation.MAX_VALUE_SIZE
              + " bytes, got "
              + raw.size());
    }
    return bytes(raw.toByteArray());
  }

  private static Bytes bytes(byte[] raw) {
    return Bytes.of(raw);
  }

  private static ByteString byteString(Bytes value) {
    return ByteString.copyFrom(value.toByteArray());
  }
}
