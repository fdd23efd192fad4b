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
import java.nio.file.Files;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.quarkus.runtime.ImageMode;

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
    void aNativeExecutableOffersChaCha20FirstWithoutAskingHotSpotUnlessToldOtherwise() {
        // its portable CPU target has no AES instructions; the JVM's compilers say nothing about it
        assertTrue(TunedHttpClientFactory.chaChaFirst(null, ImageMode.NATIVE_RUN));
        assertTrue(TunedHttpClientFactory.chaChaFirst(" ", ImageMode.NATIVE_RUN));
        assertTrue(!TunedHttpClientFactory.chaChaFirst("false", ImageMode.NATIVE_RUN));
        assertTrue(!TunedHttpClientFactory.chaChaFirst(null, ImageMode.JVM));
    }

    @Test
    void aServerThatTakesTheClientsChoiceNegotiatesChaCha20() throws Exception {
        assertEquals(CHACHA20, negotiated(new TunedHttpClientFactory(null, true), TRUST_ALL));
    }

    @Test
    void withoutThePreferenceTheSameServerNegotiatesAesGcm() throws Exception {
        // the control: the Vert.x client's defaults offer no ChaCha20 at all
        assertEquals(AES128, negotiated(new TunedHttpClientFactory(null, false), TRUST_ALL));
    }

    // configurations start empty: fabric8's builder reads system properties, which other tests of this JVM set
    @Test
    void aConfigurationNamingTheClustersCaTrustsItAlone() throws Exception {
        SelfSignedCertificate ca = new SelfSignedCertificate();
        try {
            String pem = Files.readString(ca.certificate().toPath());
            Config data = new ConfigBuilder(Config.empty()).withCaCertData(Base64.getEncoder().encodeToString(pem.getBytes())).build();
            assertEquals(List.of(ca.cert()), acceptedIssuers(TunedHttpClientFactory.clusterTrust(data).orElseThrow()));
            Config file = new ConfigBuilder(Config.empty()).withCaCertFile(ca.certificate().getPath()).build();
            assertEquals(List.of(ca.cert()), acceptedIssuers(TunedHttpClientFactory.clusterTrust(file).orElseThrow()));
            // the control: fabric8 adds it to the JVM's own authorities
            assertTrue(acceptedIssuers(SSLUtils.trustManagers(data)).size() > 10);
            // trusting everything, a trust store of the user's, or no CA: as fabric8 has it
            assertTrue(TunedHttpClientFactory.clusterTrust(new ConfigBuilder(data).withTrustCerts(true).build()).isEmpty());
            assertTrue(TunedHttpClientFactory.clusterTrust(new ConfigBuilder(data).withTrustStoreFile("/etc/store.p12").build())
                    .isEmpty());
            assertTrue(TunedHttpClientFactory.clusterTrust(new ConfigBuilder(Config.empty()).build()).isEmpty());
        } finally {
            ca.delete();
        }
    }

    @Test
    void aClientTrustingTheClustersCaAloneReachesTheServerItSigned() throws Exception {
        assertEquals(AES128, negotiated(new TunedHttpClientFactory(null, false), (config, certificate) -> config
                .withTrustCerts(false).withCaCertFile(certificate.certificate().getPath())));
    }

    private static List<X509Certificate> acceptedIssuers(TrustManager[] managers) {
        return Stream.of(managers).filter(X509TrustManager.class::isInstance)
                .flatMap(m -> Stream.of(((X509TrustManager) m).getAcceptedIssuers())).toList();
    }

    private static final BiFunction<ConfigBuilder, SelfSignedCertificate, ConfigBuilder> TRUST_ALL =
            (config, certificate) -> config.withTrustCerts(true);

    /**
     * The suite a client from {@code factory} and a TLS server accepting AES-GCM and ChaCha20 agree on, when the server
     * follows the client's order as a Go API server does; {@code trust} says how the client trusts the server's
     * self-signed certificate.
     */
    private static String negotiated(TunedHttpClientFactory factory,
            BiFunction<ConfigBuilder, SelfSignedCertificate, ConfigBuilder> trust) throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
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
                    .withConfig(trust.apply(new ConfigBuilder(Config.empty()).withMasterUrl("https://localhost:" + server.getLocalPort())
                            .withRequestRetryBackoffLimit(0), certificate).build())
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
