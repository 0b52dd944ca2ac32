package io.catalog.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.catalog.api.ops.auth.OpsConfiguration;
import io.catalog.domain.config.Endpoints;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** api.yml; every endpoint can be overridden by environment variables (see config/api.yml). */
public class ApiConfiguration extends Configuration {
  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();
  @NotEmpty private String kafkaBootstrap = "127.0.0.1:9092";
  @NotEmpty private String elasticsearchUrl = "http://127.0.0.1:9200";
  @NotEmpty private String temporalTarget = "127.0.0.1:7233";
  @NotEmpty private String temporalNamespace = "default";

  /** Empty in production; integration tests isolate their topics, indices and queues with it. */
  @NotNull private String namePrefix = "";

  private boolean migrateOnStart = true;

  /**
   * How long an Idempotency-Key replays its response (then it is a new key, and the clean-up
   * deletes it).
   */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration idempotencyKeyTtl = Duration.hours(24);

  /** Bearer tokens of the ops endpoints (io.catalog.ops). */
  @Valid @NotNull private OpsConfiguration ops = new OpsConfiguration();

  @JsonProperty("database")
  /**
   * What this configuration connects to, as the platform's one connection type: the YAML keeps its
   * Dropwizard shape ({@code database:} is the pool's factory), the code reads {@link Endpoints}.
   */
  public Endpoints endpoints() {
    return new Endpoints(
        database.getUrl(),
        Objects.requireNonNullElse(database.getUser(), ""),
        Objects.requireNonNullElse(database.getPassword(), ""),
        kafkaBootstrap,
        elasticsearchUrl,
        temporalTarget,
        temporalNamespace,
        namePrefix);
  }

  public DataSourceFactory getDatabase() {
    return database;
  }

  @JsonProperty("database")
  public void setDatabase(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty
  public String getKafkaBootstrap() {
    return kafkaBootstrap;
  }

  @JsonProperty
  public void setKafkaBootstrap(String kafkaBootstrap) {
    this.kafkaBootstrap = kafkaBootstrap;
  }

  @JsonProperty
  public String getElasticsearchUrl() {
    return elasticsearchUrl;
  }

  @JsonProperty
  public void setElasticsearchUrl(String elasticsearchUrl) {
    this.elasticsearchUrl = elasticsearchUrl;
  }

  @JsonProperty
  public String getTemporalTarget() {
    return temporalTarget;
  }

  @JsonProperty
  public void setTemporalTarget(String temporalTarget) {
    this.temporalTarget = temporalTarget;
  }

  @JsonProperty
  public String getTemporalNamespace() {
    return temporalNamespace;
  }

  @JsonProperty
  public void setTemporalNamespace(String temporalNamespace) {
    this.temporalNamespace = temporalNamespace;
  }

  @JsonProperty
  public String getNamePrefix() {
    return namePrefix;
  }

  @JsonProperty
  public void setNamePrefix(String namePrefix) {
    this.namePrefix = namePrefix;
  }

  @JsonProperty
  public Duration getIdempotencyKeyTtl() {
    return idempotencyKeyTtl;
  }

  @JsonProperty
  public void setIdempotencyKeyTtl(Duration idempotencyKeyTtl) {
    this.idempotencyKeyTtl = idempotencyKeyTtl;
  }

  @JsonProperty
  public boolean isMigrateOnStart() {
    return migrateOnStart;
  }

  @JsonProperty
  public void setMigrateOnStart(boolean migrateOnStart) {
    this.migrateOnStart = migrateOnStart;
  }

  @JsonProperty
  public OpsConfiguration getOps() {
    return ops;
  }

  @JsonProperty
  public void setOps(OpsConfiguration ops) {
    this.ops = ops;
  }
}
