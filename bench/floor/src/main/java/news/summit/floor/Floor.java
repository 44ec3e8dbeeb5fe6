package news.summit.floor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The floor: one servlet on a bare embedded Tomcat that answers every GET with the same bytes,
 * after setting the given headers one by one through the servlet API, as an application does.
 *
 * <pre>
 * Floor PORT BODY-FILE CONTENT-TYPE [HEADERS-FILE]
 * </pre>
 *
 * HEADERS-FILE has one {@code Name: value} line a header (the service's, as captured by
 * bench/bench.py); without it only Content-Type and Content-Length are sent (and Tomcat's Date).
 * Nothing else is set up but what the service sets up too: the connector's limits and timeouts
 * (src/main/resources/application.properties). Tomcat's defaults otherwise, as a user of an
 * embedded Tomcat gets them.
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

    public static void main(String[] args) throws Exception {
        List<String[]> headers = args.length < 4 ? List.of() : Files.readAllLines(Path.of(args[3])).stream()
                .filter(line -> line.contains(": ")).map(line -> line.split(": ", 2)).toList();
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
        Tomcat.addServlet(context, "floor", new Floor(Files.readAllBytes(Path.of(args[1])), args[2], headers));
        context.addServletMappingDecoded("/*", "floor");
        tomcat.start();
        tomcat.getServer().await();
    }

}
