package io.darkroom.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.Topics;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedStackIT {
  private final EmbeddedStack stack = EmbeddedStack.shared();

  @Test
  void shouldServeRealPostgres() throws Exception {
    try (Connection c =
            DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        ResultSet rs = c.createStatement().executeQuery("show server_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("17.");
    }
  }

  @Test
  void shouldCreateProductTopicsWithSeveralPartitions() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
      var topics =
          admin.describeTopics(List.of(Topics.COMMANDS, Topics.EVENTS)).allTopicNames().get();
      assertThat(topics.get(Topics.COMMANDS).partitions()).hasSize(stack.partitions());
      assertThat(topics.get(Topics.EVENTS).partitions()).hasSize(stack.partitions());
      assertThat(stack.partitions()).isGreaterThan(1);
    }
  }

  @Test
  void shouldRoundTripAKafkaRecord() throws Exception {
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (var producer = new KafkaProducer<String, String>(producerProps)) {
      producer
          .send(new ProducerRecord<>(Topics.EVENTS_DEAD_LETTER, "k", "hello"))
          .get(30, TimeUnit.SECONDS);
    }
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-stack-it");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (var consumer = new KafkaConsumer<String, String>(consumerProps)) {
      consumer.subscribe(List.of(Topics.EVENTS_DEAD_LETTER));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.isEmpty() && System.nanoTime() < deadline) {
        records = consumer.poll(Duration.ofMillis(500));
      }
      assertThat(records).extracting(r -> r.value()).contains("hello");
    }
  }

  @Test
  void shouldStoreObjectsAndRefuseATamperedPresignedUrl() throws Exception {
    var client = stack.s3Client();
    String url =
        client.getPresignedObjectUrl(
            GetPresignedObjectUrlArgs.builder()
                .method(Method.PUT)
                .bucket(EmbeddedStack.UPLOADS_BUCKET)
                .object("it/presigned.txt")
                .expiry(60)
                .build());
    HttpClient http = HttpClient.newHttpClient();
    var put =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofString("stored"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    try (var in =
        client.getObject(
            GetObjectArgs.builder()
                .bucket(EmbeddedStack.UPLOADS_BUCKET)
                .object("it/presigned.txt")
                .build())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("stored");
    }
    // a connection of its own: s3proxy may close the one the first PUT used after answering it, and
    // a PUT is not resent on a pooled connection found dead ("header parser received no bytes")
    var tampered =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url.replace("presigned.txt", "other.txt")))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[3]))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(tampered.statusCode()).isEqualTo(403);
  }

  /**
   * What resumable uploads (issue 20) need of the S3 server, with a plain HTTP client on the
   * client's side: parts PUT to presigned UploadPart URLs, listed with their ETags, completed into
   * one object; an abort forgets the upload.
   */
  @Test
  void shouldAssembleAMultipartUploadOfPresignedPartsListedWithTheirEtags() throws Exception {
    var client = stack.s3Client();
    var async =
        io.minio.MinioAsyncClient.builder()
            .endpoint(stack.s3Endpoint())
            .credentials(EmbeddedStack.ACCESS_KEY, EmbeddedStack.SECRET_KEY)
            .region(S3Server.REGION)
            .build();
    String key = "it/multipart.bin";
    String uploadId =
        async
            .createMultipartUpload(
                io.minio.CreateMultipartUploadArgs.builder()
                    .bucket(EmbeddedStack.UPLOADS_BUCKET)
                    .object(key)
                    .build())
            .get()
            .result()
            .uploadId();
    HttpClient http = HttpClient.newHttpClient();
    int[] sizes = {5 * 1024 * 1024, 5 * 1024 * 1024, 1234};
    List<io.minio.messages.Part> sent = new java.util.ArrayList<>();
    for (int number = 1; number <= sizes.length; number++) {
      byte[] part = new byte[sizes[number - 1]];
      java.util.Arrays.fill(part, (byte) number);
      String url =
          client.getPresignedObjectUrl(
              GetPresignedObjectUrlArgs.builder()
                  .method(Method.PUT)
                  .bucket(EmbeddedStack.UPLOADS_BUCKET)
                  .object(key)
                  .expiry(900)
                  .extraQueryParams(
                      Map.of("uploadId", uploadId, "partNumber", String.valueOf(number)))
                  .build());
      var put =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(part))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      String etag = put.headers().firstValue("ETag").orElseThrow();
      sent.add(new io.minio.messages.Part(number, etag));
    }

    var listed =
        async
            .listParts(
                io.minio.ListPartsArgs.builder()
                    .bucket(EmbeddedStack.UPLOADS_BUCKET)
                    .object(key)
                    .uploadId(uploadId)
                    .build())
            .get()
            .result()
            .parts();
    assertThat(listed)
        .extracting(
            io.minio.messages.Part::partNumber,
            io.minio.messages.Part::partSize,
            p -> p.etag().replace("\"", ""))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1, (long) sizes[0], sent.get(0).etag().replace("\"", "")),
            org.assertj.core.groups.Tuple.tuple(
                2, (long) sizes[1], sent.get(1).etag().replace("\"", "")),
            org.assertj.core.groups.Tuple.tuple(
                3, (long) sizes[2], sent.get(2).etag().replace("\"", "")));

    async
        .completeMultipartUpload(
            io.minio.CompleteMultipartUploadArgs.builder()
                .bucket(EmbeddedStack.UPLOADS_BUCKET)
                .object(key)
                .uploadId(uploadId)
                .parts(sent.toArray(io.minio.messages.Part[]::new))
                .build())
        .get();
    long size =
        client
            .statObject(
                io.minio.StatObjectArgs.builder()
                    .bucket(EmbeddedStack.UPLOADS_BUCKET)
                    .object(key)
                    .build())
            .size();
    assertThat(size).isEqualTo((long) sizes[0] + sizes[1] + sizes[2]);

    String abandoned =
        async
            .createMultipartUpload(
                io.minio.CreateMultipartUploadArgs.builder()
                    .bucket(EmbeddedStack.UPLOADS_BUCKET)
                    .object("it/abandoned.bin")
                    .build())
            .get()
            .result()
            .uploadId();
    async
        .abortMultipartUpload(
            io.minio.AbortMultipartUploadArgs.builder()
                .bucket(EmbeddedStack.UPLOADS_BUCKET)
                .object("it/abandoned.bin")
                .uploadId(abandoned)
                .build())
        .get();
    // MinIO answers NoSuchUpload from now on; s3proxy's filesystem store lists no part
    List<io.minio.messages.Part> left;
    try {
      left =
          async
              .listParts(
                  io.minio.ListPartsArgs.builder()
                      .bucket(EmbeddedStack.UPLOADS_BUCKET)
                      .object("it/abandoned.bin")
                      .uploadId(abandoned)
                      .build())
              .get()
              .result()
              .parts();
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).hasMessageContaining("NoSuchUpload");
      left = List.of();
    }
    assertThat(left).isEmpty();
  }

  /**
   * A browser (the console) PUTs parts from the api's origin and must read each part's ETag: the
   * storage's CORS answers the preflight for PUT and exposes ETag.
   */
  @Test
  void shouldLetABrowserPutAPartAndReadItsEtag() throws Exception {
    var client = stack.s3Client();
    String url =
        client.getPresignedObjectUrl(
            GetPresignedObjectUrlArgs.builder()
                .method(Method.PUT)
                .bucket(EmbeddedStack.UPLOADS_BUCKET)
                .object("it/cors.bin")
                .expiry(60)
                .build());
    HttpClient http = HttpClient.newHttpClient();
    var preflight =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
        .contains("PUT");
    var put =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Origin", "http://localhost:8080")
                .PUT(HttpRequest.BodyPublishers.ofString("part"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    // "*" exposes every header to a request without credentials, which a presigned PUT is; MinIO
    // names ETag among the headers it exposes
    assertThat(put.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
        .satisfiesAnyOf(
            exposed -> assertThat(exposed).isEqualTo("*"),
            exposed -> assertThat(exposed).containsIgnoringCase("ETag"));
  }
}
