package org.throughline.launcher;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The local run's mail server: a real SMTP server (GreenMail, in this process) that keeps every mail governance sends,
 * for any address. They are read on a small web page, or with any mail client over IMAP or POP3 (user and password:
 * the address). Kept in memory: a restart of the local run starts with an empty mailbox.
 */
public final class LocalMailbox implements AutoCloseable {

    /** Where the mail server listens, on the loopback interface. */
    public record Ports(int smtp, int imap, int pop3, int web) {

        public static Ports standard() {
            return new Ports(3025, 3143, 3110, 8025);
        }

        /** Where the system puts them (port 0): {@link LocalMailbox#ports()} says where they are once started. */
        public static Ports free() {
            return new Ports(0, 0, 0, 0);
        }
    }

    /** One mail as received. */
    public record Mail(List<String> to, String subject, String messageId, String text) {
    }

    private static final String HOST = "127.0.0.1";

    private final Ports ports;
    private final GreenMail greenMail;
    private final HttpServer web;

    private LocalMailbox(Ports ports, GreenMail greenMail, HttpServer web) {
        this.ports = ports;
        this.greenMail = greenMail;
        this.web = web;
    }

    public static LocalMailbox start(Ports ports) {
        GreenMail greenMail = new GreenMail(new ServerSetup[]{
                setup(ports.smtp(), ServerSetup.PROTOCOL_SMTP),
                setup(ports.imap(), ServerSetup.PROTOCOL_IMAP),
                setup(ports.pop3(), ServerSetup.PROTOCOL_POP3)});
        greenMail.start();
        HttpServer web;
        try {
            web = HttpServer.create(new InetSocketAddress(HOST, ports.web()), 0);
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException("the mailbox page cannot listen on " + HOST + ":" + ports.web(), e);
        }
        LocalMailbox mailbox = new LocalMailbox(new Ports(greenMail.getSmtp().getPort(), greenMail.getImap().getPort(),
                greenMail.getPop3().getPort(), web.getAddress().getPort()), greenMail, web);
        web.createContext("/", mailbox::page);
        web.start();
        return mailbox;
    }

    /** Port 0 is the system's choice. */
    private static ServerSetup setup(int port, String protocol) {
        ServerSetup setup = new ServerSetup(port, HOST, protocol);
        return port == 0 ? setup.dynamicPort() : setup;
    }

    /** Where it listens (where the system put it, for the ports given as 0). */
    public Ports ports() {
        return ports;
    }

    public String webUrl() {
        return "http://" + HOST + ":" + ports.web() + "/";
    }

    public String smtpHost() {
        return HOST;
    }

    /** Every mail received so far, oldest first. */
    public List<Mail> mails() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                mails.add(new Mail(Arrays.stream(message.getAllRecipients()).map(Address::toString).toList(),
                        message.getSubject(), message.getMessageID(), GreenMailUtil.getBody(message)));
            } catch (MessagingException e) {
                mails.add(new Mail(List.of(), "(unreadable: " + e.getMessage() + ")", null, ""));
            }
        }
        return mails;
    }

    /** {@code /}: the mails, newest first; {@code /<n>}: the n-th mail as received, headers and all. */
    private void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        MimeMessage[] messages = greenMail.getReceivedMessages();
        String body;
        String type = "text/html; charset=utf-8";
        int status = 200;
        if (path.equals("/")) {
            StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Throughline mail</title>"
                    + "<h1>Mail sent by Throughline (" + messages.length + ")</h1><p>Kept until the local run stops. "
                    + "IMAP " + HOST + ":" + ports.imap() + ", POP3 " + HOST + ":" + ports.pop3()
                    + " (user and password: the address).</p><table><tr><th>#</th><th>to</th><th>subject</th></tr>");
            for (int i = messages.length - 1; i >= 0; i--) {
                html.append("<tr><td><a href=\"/").append(i + 1).append("\">").append(i + 1).append("</a></td><td>")
                        .append(escape(recipients(messages[i]))).append("</td><td>")
                        .append(escape(subject(messages[i]))).append("</td></tr>");
            }
            body = html.append("</table>").toString();
        } else if (path.matches("/[0-9]{1,9}") && Integer.parseInt(path.substring(1)) >= 1
                && Integer.parseInt(path.substring(1)) <= messages.length) {
            body = GreenMailUtil.getWholeMessage(messages[Integer.parseInt(path.substring(1)) - 1]);
            type = "text/plain; charset=utf-8";
        } else {
            body = "No such mail.";
            type = "text/plain; charset=utf-8";
            status = 404;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(Address::toString).collect(Collectors.joining(", "));
        } catch (MessagingException e) {
            return "?";
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            return "?";
        }
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        web.stop(0);
        greenMail.stop();
    }
}
