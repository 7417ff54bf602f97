package org.cybervein.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowDownload;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowDownloadAnswer;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowMessage;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowReceipt;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowShards;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowStored;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.random.SecureRandomSource;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.dataset.DataSetCall;
import org.cybervein.ledger.contract.dataset.DataSetContract;
import org.cybervein.ledger.contract.dataset.DataSetId;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.taglist.Shard;
import org.cybervein.storageproofs.taglist.ShardAuditChallenge;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;
import org.cybervein.storageproofs.taglist.ShardedFile;
import org.cybervein.storageproofs.taglist.TagList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The account commands of the data flow: {@code upload} and {@code download}. */
final class DataFlowCommands {
  private DataFlowCommands() {}

  @Command(
      name = "upload",
      mixinStandardHelpOptions = true,
      description =
          "As an account member: shards FILE over the storage nodes, registers it as a data set"
              + " (paying the upload fee) and has a super node audit it and attest the audit on"
              + " the DAG.")
  static final class Upload implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the account member's ID.conf")
    Path config;

    @Option(names = "--file", required = true, description = "the data to upload")
    Path file;

    @Option(names = "--name", required = true, description = "the data set's name")
    String name;

    @Option(
        names = "--download-fee",
        defaultValue = "10",
        description = "what each downloader pays, in CVT (default ${DEFAULT-VALUE})")
    long downloadFeeCvt;

    @Option(
        names = "--storage",
        split = ",",
        description = "the storage nodes to place shards at (default: every storage member)")
    List<String> storage = new ArrayList<>();

    @Option(
        names = "--auditor",
        description = "the super node to ask for an audit (default: the first validator)")
    Optional<String> auditor;

    @Option(names = "--shard-size", defaultValue = "4096", description = "bytes per shard")
    int shardSize;

    @Override
    public Integer call() throws Exception {
      try (AccountClient client = AccountClient.open(config)) {
        ClusterDescription cluster = client.node.cluster();
        List<Member> nodes = storageNodes(cluster, storage);
        DataFlowGenesis genesis = DataFlowGenesis.load(config);
        Optional<Member> audit =
            auditor
                .or(() -> genesis.validators().stream().findFirst().map(NodeId::value))
                .map(id -> member(cluster, id, Role.DAG));
        List<NodeId> peers = new ArrayList<>(nodes.stream().map(Member::id).toList());
        audit.ifPresent(a -> peers.add(a.id()));
        client.awaitLinks(peers);

        RandomSource random = new SecureRandomSource();
        Bytes data = Bytes.of(Files.readAllBytes(file));
        ShardedFile sharded = ShardedFile.split(data, shardSize, random);
        TagList tags = sharded.tagList(nodes.stream().map(Member::id).toList());
        SignedEnvelope signedTags = tags.sign(EnvelopeSigner.of(client.key));
        for (int i = 0; i < nodes.size(); i++) {
          int at = i;
          List<Shard> mine =
              sharded.shards().stream().filter(s -> s.index() % nodes.size() == at).toList();
          byte[] nonce = new byte[ShardAuditChallenge.NONCE_SIZE];
          random.nextBytes(nonce);
          client.send(
              nodes.get(i).id(),
              DataFlowMessage.newBuilder()
                  .setStore(
                      DataFlowShards.newBuilder()
                          .setSignedTagList(DataFlowWire.bytes(signedTags.encode()))
                          .setShards(
                              DataFlowWire.bytes(
                                  new ShardAuditResponse(tags.fileId(), Bytes.of(nonce), mine)
                                      .encode())))
                  .build());
        }
        for (Member n : nodes) {
          DataFlowStored stored =
              client
                  .await(
                      "store answer from " + n.id(),
                      r -> r.from().equals(n.id()) && r.message().hasStored())
                  .message()
                  .getStored();
          if (!stored.getRefusal().isEmpty()) {
            System.out.println("refused by " + n.id() + ": " + stored.getRefusal());
            return 1;
          }
          System.out.println("stored " + stored.getShards() + " shards at " + n.id());
        }
        DataSetCall.Register register =
            new DataSetCall.Register(
                name,
                tags.fileId(),
                data.size(),
                Amount.ofCvt(downloadFeeCvt),
                nodes.stream().map(n -> Address.of(n.identity().signingKey())).toList());
        long block = client.submit(nodes.get(0), DataSetContract.ID, register.encode());
        DataSetId id = DataSetId.of(Address.of(client.key.publicKey()), name);
        System.out.println(
            "registered data set "
                + name
                + " ("
                + data.size()
                + " bytes, id "
                + id.value().toHex()
                + ") in block "
                + block
                + ", upload fee "
                + DataFlowLedger.FEES.uploadFee(data.size()));
        if (audit.isEmpty()) {
          return 0;
        }
        client.send(
            audit.get().id(),
            DataFlowMessage.newBuilder()
                .setAuditRequest(DataFlowWire.bytes(signedTags.encode()))
                .build());
        var result =
            client
                .await(
                    "audit result from " + audit.get().id(),
                    r ->
                        r.message().hasAuditResult()
                            && r.message()
                                .getAuditResult()
                                .getFileId()
                                .equals(DataFlowWire.bytes(tags.fileId())))
                .message()
                .getAuditResult();
        if (!result.getPassed()) {
          System.out.println("audit failed: " + result.getDetail());
          return 1;
        }
        System.out.println(
            "audit passed at "
                + audit.get().id()
                + ": attested in DAG unit "
                + DataFlowWire.hash(result.getUnit()).toHex());
        return 0;
      }
    }
  }

  @Command(
      name = "download",
      mixinStandardHelpOptions = true,
      description =
          "As an account member: pays a data set's download fee (unless --no-pay), fetches its"
              + " shards from the storage nodes, which check the access grant on their chain,"
              + " joins and checks them, and signs a bandwidth receipt for each node.")
  static final class Download implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the account member's ID.conf")
    Path config;

    @Option(names = "--owner", required = true, description = "the uploader's member id")
    String owner;

    @Option(names = "--name", required = true, description = "the data set's name")
    String name;

    @Option(names = "--out", required = true, description = "where to write the data")
    Path out;

    @Option(
        names = "--storage",
        split = ",",
        description = "the storage nodes to fetch from (default: every storage member)")
    List<String> storage = new ArrayList<>();

    @Option(names = "--no-pay", description = "ask without paying first (refused without a grant)")
    boolean noPay;

    @Override
    public Integer call() throws Exception {
      try (AccountClient client = AccountClient.open(config)) {
        ClusterDescription cluster = client.node.cluster();
        List<Member> nodes = storageNodes(cluster, storage);
        Member uploader = member(cluster, owner, Role.ACCOUNT);
        DataSetId id = DataSetId.of(Address.of(uploader.identity().signingKey()), name);
        client.awaitLinks(nodes.stream().map(Member::id).toList());
        if (!noPay) {
          long block =
              client.submit(
                  nodes.get(0), DataSetContract.ID, new DataSetCall.Download(id).encode());
          System.out.println("paid the download fee of " + name + " in block " + block);
          client.awaitHeight(nodes, block);
        }
        for (Member n : nodes) {
          client.send(
              n.id(),
              DataFlowMessage.newBuilder()
                  .setDownload(
                      DataFlowDownload.newBuilder().setDataSet(DataFlowWire.bytes(id.value())))
                  .build());
        }
        List<Shard> shards = new ArrayList<>();
        Optional<TagList> tags = Optional.empty();
        Optional<String> refused = Optional.empty();
        List<DataFlowDownloadAnswer> served = new ArrayList<>();
        List<Member> servers = new ArrayList<>();
        for (Member n : nodes) {
          DataFlowDownloadAnswer a =
              client
                  .await(
                      "download answer from " + n.id(),
                      r -> r.from().equals(n.id()) && r.message().hasDownloadAnswer())
                  .message()
                  .getDownloadAnswer();
          if (!a.getRefusal().isEmpty()) {
            System.out.println("refused by " + n.id() + ": " + a.getRefusal());
            refused = Optional.of(a.getRefusal());
            continue;
          }
          TagList t =
              TagList.open(
                  SignedEnvelope.decode(DataFlowWire.bytes(a.getSignedTagList())),
                  uploader.identity().signingKey());
          tags = Optional.of(t);
          shards.addAll(ShardAuditResponse.decode(DataFlowWire.bytes(a.getShards())).openings());
          served.add(a);
          servers.add(n);
        }
        if (tags.isEmpty()) {
          System.out.println("download of " + name + " refused: " + refused.orElse("no answer"));
          return 1;
        }
        shards.sort(Comparator.comparingInt(Shard::index));
        Bytes data = ShardedFile.join(tags.get(), shards);
        Files.write(out, data.toByteArray());
        RandomSource random = new SecureRandomSource();
        for (int i = 0; i < servers.size(); i++) {
          Member n = servers.get(i);
          long bytes =
              ShardAuditResponse.decode(DataFlowWire.bytes(served.get(i).getShards()))
                  .openings()
                  .stream()
                  .mapToLong(s -> s.data().size())
                  .sum();
          Bytes receipt =
              BandwidthReceipt.of(
                      n.identity().signingKey(),
                      tags.get().fileId(),
                      bytes,
                      served.get(i).getWindow(),
                      random)
                  .sign(EnvelopeSigner.of(client.key))
                  .encode();
          client.send(
              n.id(),
              DataFlowMessage.newBuilder()
                  .setReceipt(
                      DataFlowReceipt.newBuilder()
                          .setDataSet(DataFlowWire.bytes(id.value()))
                          .setSignedReceipt(DataFlowWire.bytes(receipt)))
                  .build());
        }
        System.out.println(
            "downloaded "
                + name
                + ": "
                + data.size()
                + " bytes from "
                + servers.stream().map(m -> m.id().value()).toList()
                + ", file id "
                + tags.get().fileId().toHex()
                + " checked; bandwidth receipts signed for each");
        return 0;
      }
    }
  }

  static List<Member> storageNodes(ClusterDescription cluster, List<String> ids) {
    if (ids.isEmpty()) {
      List<Member> all = cluster.withRole(Role.STORAGE);
      if (all.isEmpty()) {
        throw new IllegalArgumentException("the cluster has no storage members");
      }
      return all;
    }
    return ids.stream().map(id -> member(cluster, id, Role.STORAGE)).toList();
  }

  static Member member(ClusterDescription cluster, String id, Role role) {
    Member m =
        cluster
            .member(new NodeId(id))
            .orElseThrow(() -> new IllegalArgumentException(id + " is no member of the cluster"));
    if (m.role() != role) {
      throw new IllegalArgumentException(id + " is no " + role.configName() + " member");
    }
    return m;
  }
}
