package org.cybervein.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.NodeId;

/**
 * One member's configuration ({@code NODE_ID.conf}, written by {@code cybervein init}): which
 * member of the cluster this process is, where its keys and data are. The file includes the cluster
 * description ({@code include "cluster.conf"}), so both are one HOCON document; relative paths are
 * resolved against the file's directory, never the working directory.
 *
 * @param cluster the cluster description
 * @param self this process's member
 * @param keys the key directory ({@link NodeKeyFiles})
 * @param data the data directory (LMDB)
 * @param dataset the CSV an FL party trains on, if any
 * @param label the label column of party B's CSV, if any
 * @param durability what a PBFT member's writes survive before its messages leave ({@code
 *     node.durability}; {@code power-loss} unless the file says otherwise)
 * @param threading how the node's gRPC links use threads ({@code node.threading}; by default {@link
 *     Threading#defaultFor} its role)
 */
record NodeConfig(
    ClusterDescription cluster,
    Member self,
    Path keys,
    Path data,
    Optional<Path> dataset,
    Optional<String> label,
    Durability durability,
    Threading threading) {
  NodeConfig {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(threading, "threading");
  }

  static NodeConfig load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new IllegalArgumentException("no configuration file " + absolute);
    }
    Path base = absolute.getParent();
    try {
      Config root =
          ConfigFactory.parseFile(
                  absolute.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
              .resolve();
      ClusterDescription cluster = ClusterDescription.parse(root);
      Config n = root.getConfig("node");
      NodeId id = new NodeId(n.getString("id"));
      Member self =
          cluster
              .member(id)
              .orElseThrow(
                  () -> new IllegalArgumentException(id + " is not a member of the cluster"));
      return new NodeConfig(
          cluster,
          self,
          base.resolve(n.getString("keys")).normalize(),
          base.resolve(n.getString("data")).normalize(),
          n.hasPath("dataset")
              ? Optional.of(base.resolve(n.getString("dataset")).normalize())
              : Optional.empty(),
          n.hasPath("label") ? Optional.of(n.getString("label")) : Optional.empty(),
          n.hasPath("durability")
              ? Durability.parse(n.getString("durability"))
              : Durability.POWER_LOSS,
          n.hasPath("threading")
              ? Threading.parse(n.getString("threading"))
              : Threading.defaultFor(self.role()));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(absolute + ": " + e.getMessage(), e);
    }
  }

  static String render(
      String clusterFile,
      NodeId id,
      String keys,
      String data,
      Optional<String> dataset,
      Optional<String> label) {
    StringBuilder s = new StringBuilder();
    s.append("# Member ")
        .append(id.value())
        .append(" (cybervein init); paths are relative to this file.\n");
    s.append("include \"").append(clusterFile).append("\"\n");
    s.append("node {\n");
    s.append("  id = \"").append(id.value()).append("\"\n");
    s.append("  keys = \"").append(keys).append("\"\n");
    s.append("  data = \"").append(data).append("\"\n");
    dataset.ifPresent(d -> s.append("  dataset = \"").append(d).append("\"\n"));
    label.ifPresent(l -> s.append("  label = \"").append(l).append("\"\n"));
    s.append("}\n");
    return s.toString();
  }
}
