package io.gef.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS server on 127.0.0.1 with a self-signed certificate made by the JDK's keytool (names {@code localhost},
 * {@code files.test}, {@code rebind.test}, 127.0.0.1 and 127.0.0.2), and that certificate as a PEM file a test configuration
 * trusts ({@code gef.fetch.trust-pem}).
 */
public final class LoopbackHttps implements AutoCloseable {
    private final HttpsServer server;
    private final String host;
    public final Path pem;

    public LoopbackHttps(Path dir) {
        this(dir, "127.0.0.1");
    }

    /** Listening on {@code host}, a loopback address (127.0.0.2 lets a test allow it while 127.0.0.1 stays refused). */
    public LoopbackHttps(Path dir, String host) {
        this.host = host;
        try {
            Path ks = dir.resolve("server.p12");
            pem = dir.resolve("server.pem");
            keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,dns:files.test,dns:rebind.test,ip:127.0.0.1,ip:127.0.0.2", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit");
            keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", ks.toString(), "-storepass", "changeit",
                    "-file", pem.toString());
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                store.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "changeit".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress(host, 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(ctx));
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://HOST:PORT} */
    public String base() {
        return "https://" + host + ":" + port();
    }

    public LoopbackHttps handle(String path, HttpHandler h) {
        server.createContext(path, h);
        return this;
    }

    /** Answers {@code path} with a redirect to {@code location}. */
    public LoopbackHttps redirect(String path, String location) {
        return handle(path, ex -> {
            ex.getResponseHeaders().add("Location", location);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
    }

    /** Answers {@code path} with {@code body}. */
    public LoopbackHttps serve(String path, byte[] body) {
        return handle(path, ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (var o = ex.getResponseBody()) {
                o.write(body);
            }
        });
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
