package org.throughline.governance.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HMAC-SHA256 over the exact bytes of a delivery's body with the endpoint's secret, sent as
 * {@code X-Throughline-Signature: sha256=<hex>}. A receiver computes the same over the body it read and compares in
 * constant time; the body carries the delivery's id and the instant it was sent, so they are signed too.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Throughline-Signature";
    public static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Whether the header's value is the signature of the body with the secret, compared in constant time. */
    public static boolean verifies(String secret, byte[] body, String header) {
        return header != null && MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
