package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.PeerIdentity;
import org.cybervein.consensus.pbft.keyvalue.DbOperation;
import org.cybervein.transport.grpc.NodeCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys on disk, the cluster description and member files as init writes and run reads them. */
class ConfigurationTest {

  @Test
  void keygenWritesOwnerOnlyKeysThatLoadBackWithACertificateOnTheIdentityKey(@TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("a");
    PeerIdentity identity =
        NodeKeyFiles.generate(keys, new NodeId("a"), DeterministicRandom.fromSeed(1));
    for (String secret : List.of(NodeKeyFiles.IDENTITY, NodeKeyFiles.AGREEMENT)) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(secret))));
    }
    NodeKeys loaded = NodeKeyFiles.load(keys);
    assertEquals(identity, loaded.identity(new NodeId("a")));
    assertEquals(identity, NodeKeyFiles.loadPublic(keys));
    NodeCertificate certificate =
        NodeCertificate.fromPem(Files.readString(keys.resolve(NodeKeyFiles.CERTIFICATE)));
    assertEquals(identity.signingKey(), certificate.identityKey());
    assertEquals(new NodeId("a"), certificate.node());
  }

  @Test
  void keygenNeverOverwritesAKey(@TempDir Path dir) throws IOException {
    NodeKeyFiles.generate(dir, new NodeId("a"), DeterministicRandom.fromSeed(1));
    assertThrows(
        FileAlreadyExistsException.class,
        () -> NodeKeyFiles.generate(dir, new NodeId("a"), DeterministicRandom.fromSeed(2)));
  }

  @Test
  void aPrivateKeyReadableByOthersIsRefused(@TempDir Path dir) throws IOException {
    NodeKeyFiles.generate(dir, new NodeId("a"), DeterministicRandom.fromSeed(1));
    Files.setPosixFilePermissions(
        dir.resolve(NodeKeyFiles.IDENTITY), PosixFilePermissions.fromString("rw-r--r--"));
    IOException e = assertThrows(IOException.class, () -> NodeKeyFiles.load(dir));
    assertTrue(e.getMessage().contains("0600"), e.getMessage());
  }

  @Test
  void theClusterDescriptionReadsBackEqualToWhatWasWritten(@TempDir Path dir) throws IOException {
    ClusterDescription written = cluster(dir);
    ClusterDescription read =
        ClusterDescription.parse(ConfigFactory.parseString(written.render()).resolve());
    assertEquals(written, read);
    assertEquals(4, read.replicaConfig().size());
    assertEquals(new NodeId("m2"), read.replicaConfig().node(2));
  }

  @Test
  void aMemberTwiceOrAnUnknownRoleIsRefused(@TempDir Path dir) throws IOException {
    ClusterDescription c = cluster(dir);
    List<Member> twice = List.of(c.members().get(0), c.members().get(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ClusterDescription("x", "grpc", twice, c.pbft(), c.fl()));
    String unknownRole = c.render().replace("role = pbft-client", "role = miner");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClusterDescription.parse(ConfigFactory.parseString(unknownRole)));
    assertTrue(e.getMessage().contains("miner"), e.getMessage());
  }

  @Test
  void initWritesOneFilePerMemberThatRunReadsWithPathsRelativeToIt(@TempDir Path dir) {
    assertEquals(
        0,
        Main.execute(
            "init",
            "--dir",
            dir.toString(),
            "--member",
            "a,fl-host,127.0.0.1:7000,127.0.0.1:7100",
            "--member",
            "b,fl-guest,127.0.0.1:7001,127.0.0.1:7101",
            "--member",
            "c,fl-coordinator,127.0.0.1:7002,127.0.0.1:7102",
            "--dataset",
            "b=" + dir.resolve("data/b.csv"),
            "--label",
            "b=y"));
    NodeConfig b = NodeConfig.load(dir.resolve("b.conf"));
    assertEquals(new NodeId("b"), b.self().id());
    assertEquals(Role.FL_GUEST, b.self().role());
    assertEquals(dir.resolve("keys/b").toAbsolutePath(), b.keys());
    assertEquals(dir.resolve("data/b").toAbsolutePath(), b.data());
    assertEquals(Optional.of(dir.resolve("data/b.csv").toAbsolutePath()), b.dataset());
    assertEquals(Optional.of("y"), b.label());
    assertEquals(3, b.cluster().members().size());
    assertEquals("grpc", b.cluster().transport());
  }

  @Test
  void aMembersDurabilityIsPowerLossUnlessItsFileSaysProcessCrashAndNothingElseIsAccepted(
      @TempDir Path dir) throws IOException {
    assertEquals(
        0,
        Main.execute(
            "init",
            "--dir",
            dir.toString(),
            "--member",
            "m0,pbft-member,127.0.0.1:7000,127.0.0.1:7100",
            "--member",
            "m1,pbft-member,127.0.0.1:7001,127.0.0.1:7101",
            "--member",
            "m2,pbft-member,127.0.0.1:7002,127.0.0.1:7102",
            "--member",
            "m3,pbft-member,127.0.0.1:7003,127.0.0.1:7103"));
    assertEquals(Durability.POWER_LOSS, NodeConfig.load(dir.resolve("m0.conf")).durability());
    Files.writeString(
        dir.resolve("m1.conf"),
        "node.durability = \"process-crash\"\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertEquals(Durability.PROCESS_CRASH, NodeConfig.load(dir.resolve("m1.conf")).durability());
    Files.writeString(
        dir.resolve("m2.conf"),
        "node.durability = \"none\"\n",
        java.nio.file.StandardOpenOption.APPEND);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(dir.resolve("m2.conf")));
    assertTrue(e.getMessage().contains("power-loss or process-crash"), e.getMessage());
  }

  @Test
  void threadingDefaultsToSingleForThePbftRolesAndPooledForTheOthersAndRefusesOtherValues(
      @TempDir Path dir) throws IOException {
    assertEquals(
        0,
        Main.execute(
            "init",
            "--dir",
            dir.toString(),
            "--member",
            "m0,pbft-member,127.0.0.1:7000,127.0.0.1:7100",
            "--member",
            "c,pbft-client,127.0.0.1:7001,127.0.0.1:7101",
            "--member",
            "d,dag,127.0.0.1:7002,127.0.0.1:7102"));
    assertEquals(Threading.SINGLE, NodeConfig.load(dir.resolve("m0.conf")).threading());
    assertEquals(Threading.SINGLE, NodeConfig.load(dir.resolve("c.conf")).threading());
    assertEquals(Threading.POOLED, NodeConfig.load(dir.resolve("d.conf")).threading());
    Files.writeString(
        dir.resolve("m0.conf"),
        "node.threading = \"pooled\"\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertEquals(Threading.POOLED, NodeConfig.load(dir.resolve("m0.conf")).threading());
    Files.writeString(
        dir.resolve("d.conf"),
        "node.threading = \"single\"\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertEquals(Threading.SINGLE, NodeConfig.load(dir.resolve("d.conf")).threading());
    Files.writeString(
        dir.resolve("c.conf"),
        "node.threading = \"many\"\n",
        java.nio.file.StandardOpenOption.APPEND);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(dir.resolve("c.conf")));
    assertTrue(e.getMessage().contains("single or pooled"), e.getMessage());
    assertEquals(
        org.cybervein.transport.grpc.GrpcTransportThreading.singleThreaded(),
        Threading.SINGLE.transport());
    assertEquals(
        org.cybervein.transport.grpc.GrpcTransportThreading.defaults(),
        Threading.POOLED.transport());
  }

  @Test
  void theClientParsesOperationLinesAndRefusesOthers() {
    assertEquals(
        Optional.of(
            new DbOperation.Put(
                org.cybervein.api.Bytes.utf8("k"), org.cybervein.api.Bytes.utf8("v w"))),
        PbftClientRole.parse("put k v w"));
    assertEquals(
        Optional.of(new DbOperation.Get(org.cybervein.api.Bytes.utf8("k"))),
        PbftClientRole.parse("get k"));
    assertEquals(Optional.empty(), PbftClientRole.parse("put k"));
    assertEquals(Optional.empty(), PbftClientRole.parse("drop table"));
  }

  private static ClusterDescription cluster(Path dir) throws IOException {
    List<Member> members = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = i < 4 ? "m" + i : "client";
      PeerIdentity identity =
          NodeKeyFiles.generate(dir.resolve(id), new NodeId(id), DeterministicRandom.fromSeed(i));
      members.add(
          new Member(
              identity,
              i < 4 ? Role.PBFT_MEMBER : Role.PBFT_CLIENT,
              Member.parseAddress("127.0.0.1:" + (7000 + i)),
              Member.parseAddress("127.0.0.1:" + (7100 + i))));
    }
    return new ClusterDescription(
        "test",
        "grpc",
        members,
        ClusterDescription.PbftGenesis.DEFAULT,
        ClusterDescription.FlGenesis.DEFAULT);
  }
}
