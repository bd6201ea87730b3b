package io.piccolo.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Uploads a rule file again and again through {@code PUT /api/v1/rules/FILE}, each time with one
 * more comment line so each is a new rule base, and times each answer.
 */
final class Reloads implements Runnable {
  /** Time between uploads, so the swaps spread over the run. */
  private static final long PAUSE_MILLIS = 300;

  private final URI uri;
  private final Path file;
  private final long[] nanos;
  private int done;
  private volatile String failure;

  Reloads(int port, Path file, int count) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/api/v1/rules/" + file.getFileName());
    this.file = file;
    this.nanos = new long[count];
  }

  @Override
  public void run() {
    HttpClient http = HttpClient.newHttpClient();
    try {
      String text = Files.readString(file);
      for (int i = 0; i < nanos.length; i++) {
        Thread.sleep(PAUSE_MILLIS);
        text += "# reload " + (i + 1) + "\n";
        long start = System.nanoTime();
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
          failure = "upload " + (i + 1) + " answered " + answer.statusCode() + ": " + answer.body();
          return;
        }
        nanos[done++] = System.nanoTime() - start;
      }
    } catch (java.io.IOException e) {
      failure = "upload failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int done() {
    return done;
  }

  String failure() {
    return failure;
  }

  double medianMillis() {
    if (done == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, done);
    Arrays.sort(sorted);
    return sorted[done / 2] / 1e6;
  }
}
