package io.marketbus.busaccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS for a local bus: a certificate authority of this machine's own and a server certificate it
 * signs for 127.0.0.1 and localhost, made once in a folder ({@code ca.pem}, {@code server.pem},
 * {@code server-key.pem}). Clients trust {@code ca.pem} alone, so they verify the server they reach
 * is the one configured. For production, use certificates of your own CA in the same file names.
 */
public final class LocalCertificateAuthority {

    public static final String CA_CERTIFICATE = "ca.pem";
    private static final Duration VALIDITY = Duration.ofDays(825);

    private LocalCertificateAuthority() {}

    /** Makes the files unless they exist; returns what the server presents. */
    public static NatsServerConfiguration.Tls ensure(Path folder) throws IOException {
        Path server = folder.resolve("server.pem");
        Path key = folder.resolve("server-key.pem");
        if (!Files.exists(server) || !Files.exists(key) || !Files.exists(folder.resolve(CA_CERTIFICATE))) {
            try {
                make(folder, server, key);
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IOException("Cannot make the bus's TLS certificates in " + folder, e);
            }
        }
        return new NatsServerConfiguration.Tls(server, key);
    }

    /** A TLS context that trusts only the certificates {@code caPem} signed. */
    public static SSLContext trusting(Path caPem) throws IOException {
        try (InputStream in = Files.newInputStream(caPem)) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("marketbus-bus-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("Not a usable CA certificate: " + caPem, e);
        }
    }

    private static void make(Path folder, Path serverFile, Path keyFile)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Files.createDirectories(folder);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair serverKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=Marketbus local bus CA");

        JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(VALIDITY)), caName, caKeys.getPublic());
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCertificate = certificate(ca.build(signer(caKeys)));

        JcaX509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(VALIDITY)), new X500Name("CN=127.0.0.1"), serverKeys.getPublic());
        server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate serverCertificate = certificate(server.build(signer(caKeys)));

        write(folder.resolve(CA_CERTIFICATE), caCertificate);
        write(serverFile, serverCertificate);
        writeText(keyFile, pkcs8(serverKeys.getPrivate()));
        // The CA's key is not kept: nothing more is ever signed with it.
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static ContentSigner signer(KeyPair keys) throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    }

    private static X509Certificate certificate(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** PKCS#8, which every TLS stack reads (nats-server's Go included). */
    private static String pkcs8(java.security.PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static void write(Path file, Object pemObject) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(pemObject);
        }
        writeText(file, text.toString());
    }

    private static void writeText(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
