package io.k0rdent.backup.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.netty.handler.ssl.util.SelfSignedCertificate;

class TunedHttpClientFactoryTest {

    private static final String CHACHA20 = "TLS_CHACHA20_POLY1305_SHA256";
    private static final String AES128 = "TLS_AES_128_GCM_SHA256";

    @Test
    void fabric8FindsThisFactoryBeforeQuarkusOwn() {
        assertInstanceOf(TunedHttpClientFactory.class, HttpClientUtils.getHttpClientFactory());
    }

    @Test
    void chaCha20SuitesTheJvmSupportsGoFirstAndTheOthersKeepTheirOrder() {
        String[] enabled = {"TLS_AES_256_GCM_SHA384", AES128, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
        String[] supported = {AES128, "TLS_AES_256_GCM_SHA384", CHACHA20, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
        assertArrayEquals(new String[] {CHACHA20, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384",
            AES128, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, TunedHttpClientFactory.ordered(enabled, supported));
        // a JVM without them (a FIPS provider): the suites as they were
        assertArrayEquals(enabled, TunedHttpClientFactory.ordered(enabled, enabled));
    }

    @Test
    void aJvmWithC2KeepsTheDefaultSuites() {
        // the tests run with the JVM's default compilers
        assertTrue(TunedHttpClientFactory.compilesWithC2());
        assertTrue(!new TunedHttpClientFactory().offersChaChaFirst());
        // unless told otherwise
        assertTrue(TunedHttpClientFactory.chaChaFirst("true"));
        assertTrue(!TunedHttpClientFactory.chaChaFirst(" false "));
        assertTrue(!TunedHttpClientFactory.chaChaFirst(""));
    }

    @Test
    void aServerThatTakesTheClientsChoiceNegotiatesChaCha20() throws Exception {
        assertEquals(CHACHA20, negotiated(new TunedHttpClientFactory(null, true)));
    }

    @Test
    void withoutThePreferenceTheSameServerNegotiatesAesGcm() throws Exception {
        // the control: the Vert.x client's defaults offer no ChaCha20 at all
        assertEquals(AES128, negotiated(new TunedHttpClientFactory(null, false)));
    }

    /**
     * The suite a client from {@code factory} and a TLS server accepting AES-GCM and ChaCha20 agree on, when the server
     * follows the client's order as a Go API server does.
     */
    private static String negotiated(TunedHttpClientFactory factory) throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "test".toCharArray();
        keys.setKeyEntry("server", certificate.key(), password, new Certificate[] {certificate.cert()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SSLParameters parameters = server.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3"});
            parameters.setCipherSuites(new String[] {AES128, CHACHA20});
            parameters.setUseCipherSuitesOrder(false);
            server.setSSLParameters(parameters);
            CompletableFuture<String> suite = CompletableFuture.supplyAsync(() -> serveOnce(server));
            try (KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(factory)
                    .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:" + server.getLocalPort())
                            .withTrustCerts(true).withRequestRetryBackoffLimit(0).build())
                    .build()) {
                assertEquals("{}", client.raw("/version"));
            }
            return suite.get(10, TimeUnit.SECONDS);
        } finally {
            certificate.delete();
        }
    }

    /** Answers one request with {@code {}} and returns the suite of its connection. */
    private static String serveOnce(SSLServerSocket server) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            while (!request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                request.write(b);
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return socket.getSession().getCipherSuite();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
