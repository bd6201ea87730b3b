package io.piccolo.simulator.report;

/** The report's style sheet: inline, so the page opens from disk with nothing else. */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS =
      """
      body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;\
      margin:24px}
      h1{font-size:22px;margin:0 0 12px}
      h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
      table{border-collapse:collapse}
      th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f6f8fa}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      tr.denied td{background:#fff5f5}
      tr.never td{background:#fff8c5}
      .badge{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;\
      font-weight:600;white-space:nowrap}
      .badge.allowed{background:#dafbe1;color:#1a7f37}
      .badge.denied{background:#ffebe9;color:#cf222e}
      .badge.never{background:#fff1a8;color:#7d4e00}
      .empty{color:#59636e;font-style:italic}
      .scroll{overflow-x:auto}
      svg{font-size:12px;display:block}
      svg text{fill:#1f2328}
      svg .muted{fill:#59636e}
      .plot{fill:#fff;stroke:#d0d7de}
      .lane{fill:#f6f8fa;stroke:#d0d7de}
      .grid{stroke:#eaeef2}
      .line{fill:none;stroke:#0969da;stroke-width:1.5;stroke-linecap:round}
      .guide{opacity:.45;pointer-events:none}
      .guide.allowed{stroke:#1a7f37}
      .guide.denied{stroke:#cf222e;stroke-dasharray:4 3}
      .marker{cursor:help}
      .marker:hover{opacity:.6}
      .marker.allowed circle{fill:#1a7f37;stroke:#fff}
      .marker.denied path{stroke:#cf222e;stroke-width:3;stroke-linecap:round}
      .segment{stroke:#fff;stroke-width:.5}
      .threshold line{stroke:#bf8700;stroke-width:1;stroke-dasharray:6 4}
      .threshold text{fill:#7d4e00;font-size:11px}
      .last{fill:#0969da}
      .marker.suppressed circle{fill:#fff;stroke:#8250df;stroke-width:2}
      .badge.suppressed{background:#fbefff;color:#8250df}
      .badge.kind{background:#eaeef2;color:#1f2328}
      tr.suppressed td{background:#fbf7ff}
      .holds{color:#1a7f37}
      .fails{color:#cf222e}
      details{margin:6px 0}
      summary{cursor:pointer}
      ul.leaves,ul.facts{margin:0;padding-left:16px}
      .segment.mixed{fill:#afb8c1}
      """;
}
