package news.summit.floor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * The floor: one servlet on a bare embedded Tomcat that answers every GET with the same bytes,
 * after setting the given headers one by one through the servlet API, as an application does.
 *
 * <pre>
 * Floor PORT BODY-FILE CONTENT-TYPE [HEADERS-FILE [bytes]]
 * </pre>
 *
 * HEADERS-FILE has one {@code Name: value} line a header (the service's, as captured by
 * bench/run.sh); without it only Content-Type and Content-Length are sent (and Tomcat's Date).
 * With {@code bytes}, the servlet sets no header of that file: a valve, before the servlet, adds
 * them to Tomcat's own header list as bytes, encoded once at startup. That is below the servlet
 * API (a Tomcat valve and its internal {@code MimeHeaders}), and it measures what Tomcat spends on
 * a header set as a {@code String}: it encodes the name and the value with a new
 * {@code CharsetEncoder} each when it writes the head ({@code MessageBytes.toBytes}).
 * The connector is set up as the service's (src/main/resources/application.properties).
 */
public final class Floor extends HttpServlet {

    private final byte[] body;
    private final String contentType;
    private final List<String[]> headers;

    private Floor(byte[] body, String contentType, List<String[]> headers) {
        this.body = body;
        this.contentType = contentType;
        this.headers = headers;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (String[] header : this.headers) {
            response.setHeader(header[0], header[1]);
        }
        response.setContentType(this.contentType);
        response.setContentLength(this.body.length);
        response.getOutputStream().write(this.body);
    }

    /** Adds the headers to the response as bytes, before the servlet runs. */
    private static final class HeaderBytesValve extends ValveBase {

        private final List<byte[][]> headers;

        HeaderBytesValve(List<String[]> headers) {
            this.headers = headers.stream().map(header -> new byte[][] {
                header[0].getBytes(StandardCharsets.ISO_8859_1), header[1].getBytes(StandardCharsets.ISO_8859_1) }).toList();
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            MimeHeaders mime = response.getCoyoteResponse().getMimeHeaders();
            for (byte[][] header : this.headers) {
                // Copies, as the service's (EncodedHeaders): Tomcat may write into a recycled header's buffer.
                byte[] name = header[0].clone();
                byte[] value = header[1].clone();
                mime.addValue(name, 0, name.length).setBytes(value, 0, value.length);
            }
            getNext().invoke(request, response);
        }

    }

    public static void main(String[] args) throws Exception {
        List<String[]> headers = args.length < 4 ? List.of() : Files.readAllLines(Path.of(args[3])).stream()
                .filter(line -> line.contains(": ")).map(line -> line.split(": ", 2)).toList();
        boolean bytes = args.length > 4 && args[4].equals("bytes");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("floor").toString());
        Connector connector = new Connector();
        connector.setPort(Integer.parseInt(args[0]));
        connector.setProperty("maxThreads", "32");
        connector.setProperty("maxKeepAliveRequests", "1000");
        connector.setProperty("maxConnections", "10240");
        connector.setProperty("acceptCount", "4096");
        connector.setProperty("connectionTimeout", "10000");
        connector.setProperty("keepAliveTimeout", "20000");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "floor", new Floor(Files.readAllBytes(Path.of(args[1])), args[2], bytes ? List.of() : headers));
        if (bytes) {
            context.getPipeline().addValve(new HeaderBytesValve(headers));
        }
        context.addServletMappingDecoded("/*", "floor");
        tomcat.start();
        tomcat.getServer().await();
    }

}
