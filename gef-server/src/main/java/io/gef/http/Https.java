package io.gef.http;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the server: a certificate chain and its private key in PEM (what openssl and ACME clients write) make
 * the one connector, so the server then speaks only TLS on its port.
 *
 * @param cert PEM certificate chain, the server's own certificate first
 * @param key  PEM private key, PKCS#8 ({@code BEGIN PRIVATE KEY}; RSA or EC)
 * @param host address to bind
 * @param port port to bind; 0 = any free one
 */
public record Https(Path cert, Path key, String host, int port) {

    /**
     * Reads both files now, so a bad certificate or key stops the start naming the file.
     *
     * @throws IllegalArgumentException naming the file that cannot be used
     */
    void install(JavalinConfig config) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
        ssl.setKeyStore(keyStore(password));
        ssl.setKeyStorePassword(new String(password));
        config.jetty.addConnector((server, httpConfig) -> {
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // clients may use the address, not the certificate's name
            https.addCustomizer(secure);
            ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
            c.setHost(host);
            c.setPort(port);
            return c;
        });
    }

    private KeyStore keyStore(char[] password) {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(cert)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("gef.http.tls-cert " + cert + " is not a PEM certificate: "
                    + e.getMessage(), e);
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException("gef.http.tls-cert " + cert + " holds no certificate");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("gef", privateKey(), password, chain);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("gef.http.tls-key " + key + " does not fit gef.http.tls-cert: "
                    + e.getMessage(), e);
        }
    }

    private PrivateKey privateKey() {
        byte[] der;
        try {
            String pem = Files.readString(key);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalArgumentException("gef.http.tls-key " + key + " must be a PKCS#8 PEM key"
                        + " (BEGIN PRIVATE KEY); convert with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
            }
            der = Base64.getMimeDecoder().decode(pem.replaceAll("(?s).*-----BEGIN PRIVATE KEY-----", "")
                    .replaceAll("(?s)-----END PRIVATE KEY-----.*", ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read gef.http.tls-key " + key + ": " + e.getMessage(), e);
        }
        for (String alg : new String[]{"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("gef.http.tls-key " + key + " is neither an RSA nor an EC key");
    }
}
