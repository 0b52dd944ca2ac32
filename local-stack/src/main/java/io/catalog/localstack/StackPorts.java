package io.catalog.localstack;

/**
 * The loopback ports of one stack.
 *
 * @param postgres Postgres
 * @param kafka the Kafka PLAINTEXT (client) listener
 * @param kafkaController the KRaft controller listener
 * @param elasticsearch Elasticsearch HTTP
 * @param elasticsearchTransport Elasticsearch transport (node-to-node)
 * @param temporal the Temporal frontend (gRPC)
 * @param temporalUi the Temporal Web UI (HTTP)
 */
public record StackPorts(
    int postgres,
    int kafka,
    int kafkaController,
    int elasticsearch,
    int elasticsearchTransport,
    int temporal,
    int temporalUi) {}
