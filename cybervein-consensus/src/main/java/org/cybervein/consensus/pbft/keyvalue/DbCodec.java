package org.cybervein.consensus.pbft.keyvalue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.wire.CanonicalParser;
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

  // The SDK's canonical parser: besides the byte caps it refuses unknown, repeated and reordered
  // fields and padded varints, and counts every field before protobuf allocates. An operation
  // has at most four fields (the kind, a key and two values), a result two.
  private static final CanonicalParser<PbftDatabaseProto.DbOperation> OPERATION =
      CanonicalParser.of(PbftDatabaseProto.DbOperation.getDefaultInstance(), MAX_OPERATION_SIZE, 8);
  private static final CanonicalParser<PbftDatabaseProto.DbResult> RESULT =
      CanonicalParser.of(PbftDatabaseProto.DbResult.getDefaultInstance(), MAX_RESULT_SIZE, 4);
  // An entry with its non-empty key takes at least five bytes for two fields, with a value eight
  // bytes for three: half the byte cap, which the caller chooses, bounds the count.
  private static final CanonicalParser<PbftDatabaseProto.DbSnapshot> SNAPSHOT =
      CanonicalParser.of(PbftDatabaseProto.DbSnapshot.getDefaultInstance(), 0, 0);

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
    PbftDatabaseProto.DbOperation proto = parse(encoded, OPERATION, "operation");
    DbOperation operation =
        switch (proto.getKindCase()) {
          case PUT ->
              new DbOperation.Put(
                  key(proto.getPut().getKey()),
                  value(proto.getPut().getValue()),
                  proto.getPut().getReturnPrevious());
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
    return operation;
  }

  private static PbftDatabaseProto.DbOperation toProto(DbOperation operation) {
    PbftDatabaseProto.DbOperation.Builder b = PbftDatabaseProto.DbOperation.newBuilder();
    if (operation instanceof DbOperation.Put put) {
      b.setPut(
          PbftDatabaseProto.DbPut.newBuilder()
              .setKey(byteString(put.key()))
              .setValue(byteString(put.value()))
              .setReturnPrevious(put.returnPrevious()));
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
    PbftDatabaseProto.DbResult proto = parse(encoded, RESULT, "result");
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
    PbftDatabaseProto.DbSnapshot proto =
        parse(encoded, SNAPSHOT.withMaxBytes(maxSize).withMaxFields(maxSize / 2 + 8), "snapshot");
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
    return new DbSnapshot(entries);
  }

  // ------------------------------------------------------------------ helpers

  private static <T extends Message> T parse(Bytes encoded, CanonicalParser<T> parser, String what)
      throws InvalidDatabaseInputException {
    try {
      return parser.parse(encoded);
    } catch (InvalidEncodingException e) {
      throw new InvalidDatabaseInputException(
          e.reason() == InvalidEncodingException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "the bytes are not a canonical " + what + ": " + e.getMessage(),
          e);
    }
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
    return value.toByteString();
  }
}
