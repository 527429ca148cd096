package io.gef.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.testing.GefServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server speaks HTTPS with a PEM certificate and key made by openssl, and only HTTPS on that port. */
class HttpsIT {
    @TempDir
    static Path dir;
    static Path cert;
    static GefServer server;

    @BeforeAll
    static void start() throws Exception {
        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("openssl").isZero();
        server = new GefServer(dir.resolve("gef"), Map.of("gef.http.tls-cert", cert.toString(), "gef.http.tls-key",
                key.toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void https_withTheConfiguredCertificate_servesTheApi() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).build();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(url("https", "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> me = client.send(HttpRequest.newBuilder(url("https", "/api/me"))
                .header("Authorization", "Bearer " + server.admin).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.headers().firstValue("Content-Security-Policy")).as("security headers too").isPresent();
    }

    @Test
    void aClientThatDoesNotTrustTheCertificate_isRefusedByItsHandshake() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("https", "/api/health"))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttp_onTheHttpsPort_getsNoApiAnswer() {
        int status;
        try {
            status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("http", "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            status = -1; // the TLS connector drops what is not a handshake
        }
        assertThat(status).as("no 200 over plain HTTP").isNotEqualTo(200);
    }

    private static URI url(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.gef.port() + path);
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("gef", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
