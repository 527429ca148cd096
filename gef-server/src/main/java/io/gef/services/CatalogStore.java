package io.gef.services;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Published versions in H2. */
final class CatalogStore {
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private final Sql sql;

    CatalogStore(Sql sql) {
        this.sql = sql;
    }

    void insert(PublishedVersion v) {
        sql.update("MERGE INTO service_versions(name, version, digest, image, config_digest, labels, size_bytes,"
                + " publisher, published_at) KEY(name, version) VALUES (?,?,?,?,?,?,?,?,?)", v.name(), v.version(),
                v.digest(), v.image(), v.configDigest(), JsonCodec.write(v.labels()), v.sizeBytes(), v.publisher(),
                v.publishedAt());
    }

    Optional<PublishedVersion> get(String name, String version) {
        return sql.one("SELECT * FROM service_versions WHERE name = ? AND version = ?", CatalogStore::row, name,
                version);
    }

    Optional<PublishedVersion> byDigest(String digest) {
        return sql.one("SELECT * FROM service_versions WHERE digest = ? ORDER BY published_at DESC LIMIT 1",
                CatalogStore::row, digest);
    }

    /** The display name of any published version (deprecated too) of the service with this id. */
    Optional<String> displayNameOf(String id) {
        return sql.one("SELECT labels FROM service_versions WHERE name = ? ORDER BY published_at DESC LIMIT 1",
                rs -> rs.getString(1), id).map(json -> {
                    try {
                        return JsonCodec.mapper().readValue(json, LABELS).getOrDefault(ServiceSpec.P + "name", id);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("stored labels unreadable", e);
                    }
                });
    }

    /** The newest version of {@code name} that is not deprecated: what a job naming only the service runs. */
    Optional<PublishedVersion> latest(String name) {
        return sql.one("SELECT * FROM service_versions WHERE name = ? AND deprecated_at IS NULL"
                + " ORDER BY published_at DESC LIMIT 1", CatalogStore::row, name);
    }

    /** Every version, newest first; deprecated ones only when asked. */
    List<PublishedVersion> all(boolean withDeprecated) {
        return sql.list("SELECT * FROM service_versions" + (withDeprecated ? "" : " WHERE deprecated_at IS NULL")
                + " ORDER BY name, published_at DESC", CatalogStore::row);
    }

    boolean deprecate(String name, String version, Instant at) {
        return sql.update("UPDATE service_versions SET deprecated_at = ? WHERE name = ? AND version = ?"
                + " AND deprecated_at IS NULL", at, name, version) == 1;
    }

    private static PublishedVersion row(ResultSet rs) throws SQLException {
        Map<String, String> labels;
        try {
            labels = JsonCodec.mapper().readValue(rs.getString("labels"), LABELS);
        } catch (java.io.IOException e) {
            throw new SQLException("stored labels unreadable", e);
        }
        return new PublishedVersion(rs.getString("name"), rs.getString("version"), rs.getString("digest"),
                rs.getString("image"), rs.getString("config_digest"), labels, rs.getLong("size_bytes"),
                rs.getString("publisher"), Sql.instant(rs, "published_at"), Sql.instant(rs, "deprecated_at"));
    }
}
