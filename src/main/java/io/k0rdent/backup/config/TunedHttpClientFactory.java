package io.k0rdent.backup.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import jakarta.enterprise.inject.spi.CDI;

import com.sun.management.HotSpotDiagnosticMXBean;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.internal.CertUtils;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.netty.handler.ssl.DelegatingSslContext;
import io.quarkus.runtime.ImageMode;
import io.vertx.core.Vertx;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The Kubernetes client's HTTP client: Quarkus' Vert.x client, as Quarkus' own factory makes it, except that a JVM
 * without the C2 compiler (the JVM image runs C1 only, {@code -XX:TieredStopAtLevel=1}) and the native executable
 * (built for a CPU target without AES instructions) offer ChaCha20-Poly1305 first.
 * <p>
 * Only C2 uses the processor's AES instructions: under C1 the JDK encrypts AES-GCM in plain Java at about 25 MB/s, against
 * 1.6 GB/s with C2, and ChaCha20-Poly1305 at about 115 MB/s (measured on the build machine). The Vert.x client offers
 * Netty's default suites, AES-GCM only, so every byte to and from the API server went through the slow path: 22 % of the
 * operator's CPU samples over a slot of 1,000 backups. A Go API server takes the client's choice between AES-GCM and
 * ChaCha20 (the first of the two it lists), as Go does for clients without AES hardware; a server that accepts no
 * ChaCha20 (a FIPS build) takes the AES-GCM suites that still follow. With C2 nothing changes.
 * <p>
 * A configuration that names the cluster's CA (a kubeconfig's {@code certificate-authority}, the service account's
 * {@code ca.crt} in the pod) is trusted alone, as client-go trusts it: fabric8 adds it to the JVM's own trusted
 * authorities, which then stay on the heap for the client's life (about 0.8 MiB, and 140 public CAs trusted to speak for
 * the API server). A configuration that trusts every certificate or names a trust store is left as it is.
 * <p>
 * Registered for fabric8's lookup ({@code META-INF/services}) with a priority above Quarkus' factory.
 */
public class TunedHttpClientFactory extends VertxHttpClientFactory {

    /** The suites offered first, when the JVM supports them: TLS 1.3's, then TLS 1.2's. */
    static final List<String> CHACHA20 = List.of("TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * Overrides the choice made from the JVM's compilers: {@code true} offers ChaCha20 first, {@code false} leaves the
     * suites as they are (e.g. {@code -Dkcm.backup.tls.chacha20-first=false} in the chart's {@code jvmOptions}).
     */
    public static final String CHACHA20_FIRST = "kcm.backup.tls.chacha20-first";

    private final Vertx vertx;
    private final boolean chaChaFirst;

    /** As fabric8 finds it: on Quarkus' Vert.x when there is one (else one per client, closed with it). */
    public TunedHttpClientFactory() {
        this(quarkusVertx(), chaChaFirst(System.getProperty(CHACHA20_FIRST)));
    }

    TunedHttpClientFactory(Vertx vertx, boolean chaChaFirst) {
        super(vertx);
        this.vertx = vertx;
        this.chaChaFirst = chaChaFirst;
    }

    @Override
    public HttpClient.Builder newBuilder(Config config) {
        Optional<TrustManager[]> cluster = clusterTrust(config);
        HttpClient.Builder builder = cluster.isEmpty() ? newBuilder() : new VertxHttpClientBuilder<>(this, vertx) {
            @Override
            public VertxHttpClientBuilder<TunedHttpClientFactory> sslContext(KeyManager[] keyManagers,
                    TrustManager[] trustManagers) {
                return super.sslContext(keyManagers, cluster.get());
            }
        };
        HttpClientUtils.applyCommonConfiguration(config, builder, this);
        return builder;
    }

    /**
     * Trust in the configuration's CA alone, unless it trusts every certificate or names a trust store; empty also when
     * its CA cannot be read, which fabric8 then reports as it always has.
     */
    static Optional<TrustManager[]> clusterTrust(Config config) {
        boolean named = config.getCaCertData() != null && !config.getCaCertData().isBlank()
                || config.getCaCertFile() != null && !config.getCaCertFile().isBlank();
        if (!named || config.isTrustCerts() || config.getTrustStoreFile() != null && !config.getTrustStoreFile().isBlank()) {
            return Optional.empty();
        }
        // read as fabric8 reads it: the data (base64, or PEM itself) or else the file
        try (InputStream pem = CertUtils.getInputStreamFromDataOrFile(config.getCaCertData(), config.getCaCertFile())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                store.setCertificateEntry("cluster-ca-" + n++, certificate);
            }
            if (n == 0) {
                return Optional.empty();
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return Optional.of(factory.getTrustManagers());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public int priority() {
        // Quarkus' own factory has 1, fabric8's Vert.x factory 0
        return 2;
    }

    @Override
    protected void additionalConfig(WebClientOptions options) {
        if (chaChaFirst && options.isSsl() && options.getSslEngineOptions() instanceof JdkSSLEngineOptions jdk) {
            options.setSslEngineOptions(chaChaFirst(jdk));
        }
    }

    boolean offersChaChaFirst() {
        return chaChaFirst;
    }

    /** The same engine options, whose engines offer the ChaCha20 suites the JVM supports before the others. */
    private static JdkSSLEngineOptions chaChaFirst(JdkSSLEngineOptions original) {
        return new JdkSSLEngineOptions() {
            @Override
            public JdkSSLEngineOptions copy() {
                return this;
            }

            @Override
            public SslContextFactory sslContextFactory() {
                // fabric8's factory builds its context from its own SSLContext and ignores what Vert.x configures
                SslContextFactory factory = original.sslContextFactory();
                return () -> new DelegatingSslContext(factory.create()) {
                    @Override
                    protected void initEngine(SSLEngine engine) {
                        engine.setEnabledCipherSuites(ordered(engine.getEnabledCipherSuites(), engine.getSupportedCipherSuites()));
                    }
                };
            }
        };
    }

    /** {@code enabled} in its order, after the ChaCha20 suites among {@code supported}. */
    static String[] ordered(String[] enabled, String[] supported) {
        Set<String> available = Set.of(supported);
        Set<String> suites = new LinkedHashSet<>();
        CHACHA20.stream().filter(available::contains).forEach(suites::add);
        suites.addAll(List.of(enabled));
        return new ArrayList<>(suites).toArray(String[]::new);
    }

    static boolean chaChaFirst(String setting) {
        return chaChaFirst(setting, ImageMode.current());
    }

    /**
     * As set; otherwise, in a native executable, ChaCha20 first: it is built for a portable CPU target
     * ({@code quarkus.native.march=compatibility}), which leaves out the AES and carry-less multiplication instructions,
     * so AES-GCM runs there as plain compiled Java too, while ChaCha20-Poly1305 is integer arithmetic any x86-64 does
     * well. On a JVM, ChaCha20 first unless C2 compiles hot code (the probe of HotSpot's options, which means nothing in
     * a native executable, is only made there).
     */
    static boolean chaChaFirst(String setting, ImageMode mode) {
        if (setting != null && !setting.isBlank()) {
            return Boolean.parseBoolean(setting.trim());
        }
        return mode == ImageMode.NATIVE_RUN || !compilesWithC2();
    }

    /** Whether this JVM compiles hot code with C2 (and so AES-GCM with the processor's AES instructions). */
    static boolean compilesWithC2() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4
                    || !Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot: leave the suites as they are
            return true;
        }
    }

    private static Vertx quarkusVertx() {
        try {
            return CDI.current().select(Vertx.class).get();
        } catch (RuntimeException | LinkageError e) {
            // outside Quarkus (tests, benchmarks): fabric8's default, a Vert.x per client
            return null;
        }
    }
}
