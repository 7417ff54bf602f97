package org.cybervein.consensus.pbft.keyvalue;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** Generators of database operations over a tiny key space, so that operations collide often. */
final class DbGenerators {
  private DbGenerators() {}

  /** Keys of 1 to 2 bytes over {00, 01, ff}: nine-plus keys, with unsigned order edge cases. */
  static Gen<Bytes> keys() {
    return Generate.byteArrays(
            Generate.range(1, 2), Generate.pick(List.of((byte) 0, (byte) 1, (byte) 0xff)))
        .map((byte[] raw) -> Bytes.of(raw));
  }

  /** Values of 0 to 3 bytes over {00, 7f, 80}: empty values and collisions are common. */
  static Gen<Bytes> values() {
    return Generate.byteArrays(
            Generate.range(0, 3), Generate.pick(List.of((byte) 0, (byte) 0x7f, (byte) 0x80)))
        .map((byte[] raw) -> Bytes.of(raw));
  }

  static Gen<Optional<Bytes>> optionalValues() {
    return values().toOptionals(30);
  }

  /** Any of the four operations on {@link #keys()}, puts with and without the previous value. */
  static Gen<DbOperation> operations() {
    Gen<DbOperation> put = keys().zip(values(), SourceDSL.booleans().all(), DbOperation.Put::new);
    Gen<DbOperation> get = keys().map(DbOperation.Get::new);
    Gen<DbOperation> delete = keys().map(DbOperation.Delete::new);
    Gen<DbOperation> cas =
        keys().zip(optionalValues(), optionalValues(), DbOperation.CompareAndSet::new);
    return Generate.oneOf(put, get, delete, cas);
  }

  static Gen<List<DbOperation>> operationLists(int max) {
    return SourceDSL.lists().of(operations()).ofSizeBetween(0, max);
  }
}
