package org.cybervein.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.taglist.Shard;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;

/**
 * The shards a storage node keeps, one directory per file under {@code DATA/shards/FILE_ID}: the
 * uploader's signed tag list as it arrived and the node's shards as one encoded {@link
 * ShardAuditResponse}. Files are written to a temporary name and moved into place, so a crash
 * leaves a file whole or absent.
 */
final class ShardStore {
  /** One stored upload: the signed tag list's encoding and this node's shards. */
  record Upload(Bytes signedTagList, List<Shard> shards) {
    Optional<Shard> shard(int index) {
      return shards.stream().filter(s -> s.index() == index).findFirst();
    }

    long bytes() {
      return shards.stream().mapToLong(s -> s.data().size()).sum();
    }
  }

  private final Path dir;

  ShardStore(Path dir) {
    this.dir = dir;
  }

  void put(Hash fileId, Bytes signedTagList, ShardAuditResponse shards) {
    try {
      Path d = dir.resolve(fileId.toHex());
      Files.createDirectories(d);
      write(d.resolve("tag-list"), signedTagList);
      write(d.resolve("shards"), shards.encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<Upload> get(Hash fileId) {
    Path d = dir.resolve(fileId.toHex());
    try {
      if (!Files.exists(d.resolve("shards"))) {
        return Optional.empty();
      }
      Bytes tags = Bytes.of(Files.readAllBytes(d.resolve("tag-list")));
      ShardAuditResponse r =
          ShardAuditResponse.decode(Bytes.of(Files.readAllBytes(d.resolve("shards"))));
      return Optional.of(new Upload(tags, r.openings()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidStorageProofException e) {
      throw new IllegalStateException("damaged shard file under " + d + ": " + e.getMessage(), e);
    }
  }

  int count() {
    try (var s = Files.list(dir)) {
      return (int) s.count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void write(Path file, Bytes content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, content.toByteArray());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
