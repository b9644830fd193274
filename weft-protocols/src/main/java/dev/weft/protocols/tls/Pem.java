package dev.weft.protocols.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads PEM text as Twisted's files hold it: certificates ({@code CERTIFICATE}) and private keys in
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC 1 EC ({@code EC PRIVATE
 * KEY}) form, in any order, with any text between the blocks. Encrypted keys are refused.
 */
final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1
    };
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};

    private Pem() {}

    /** Returns the certificates in {@code text}, in order. */
    static List<X509Certificate> certificates(String text, String source) {
        List<X509Certificate> certs = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE") || m.group(1).equals("TRUSTED CERTIFICATE")) {
                try {
                    CertificateFactory f = CertificateFactory.getInstance("X.509");
                    certs.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
                } catch (CertificateException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            source + ": a CERTIFICATE block is not a valid X.509 certificate: " + e.getMessage(), e);
                }
            }
        }
        return certs;
    }

    /** Returns the first private key in {@code text}, or null if there is none. */
    static @Nullable PrivateKey privateKey(String text, String source) {
        if (text.contains("BEGIN ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IllegalArgumentException(
                    source + ": the private key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)");
        }
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            try {
                switch (type) {
                    case "PRIVATE KEY":
                        return pkcs8(decode(m.group(2)));
                    case "RSA PRIVATE KEY":
                        return pkcs8(wrapPkcs8(RSA_OID, new byte[] {0x05, 0x00}, decode(m.group(2))));
                    case "EC PRIVATE KEY":
                        byte[] sec1 = decode(m.group(2));
                        return pkcs8(wrapPkcs8(EC_OID, curveOid(sec1), sec1));
                    default:
                        break;
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        source + ": the " + type + " block is not a valid key: " + e.getMessage(), e);
            }
        }
        return null;
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64);
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Builds PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE { oid, params }, OCTET STRING key }. */
    private static byte[] wrapPkcs8(byte[] oid, byte[] params, byte[] key) {
        byte[] alg = tlv(0x30, concat(oid, params));
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, alg, tlv(0x04, key)));
    }

    /** Finds the curve OID in ECPrivateKey's [0] parameters. */
    private static byte[] curveOid(byte[] sec1) {
        int i = headerLength(sec1, 0); // inside the outer SEQUENCE
        while (i < sec1.length) {
            int tag = sec1[i] & 0xff;
            int len = contentLength(sec1, i);
            int head = headerLength(sec1, i);
            if (tag == 0xa0) {
                byte[] oid = new byte[len];
                System.arraycopy(sec1, i + head, oid, 0, len);
                return oid;
            }
            i += head + len;
        }
        throw new IllegalArgumentException(
                "EC PRIVATE KEY names no curve; write it as PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
    }

    private static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    private static int contentLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int len = 0;
        for (int k = 0; k < (first & 0x7f); k++) {
            len = (len << 8) | (der[at + 2 + k] & 0xff);
        }
        return len;
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
