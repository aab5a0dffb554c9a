/// The HTML report's stylesheet, inline so the file stands alone.
enum ReportHTMLStyle {
    static let css = """
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2228; max-width: 1160px; }
    h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #dde1e6; }
    h3 { font-size: 15px; margin: 16px 0 6px; }
    ul.summary { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 22px; }
    .state { font-weight: 600; padding: 1px 8px; border-radius: 10px; background: #e0e0e0; }
    .state.succeeded { background: #c8e6c9; } .state.failed { background: #ffcdd2; } .state.paused, .state.interrupted { background: #ffe0b2; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; margin: 6px 0; } th, td { border: 1px solid #dde1e6; padding: 3px 8px; text-align: left; }
    th { background: #f3f5f7; } code { font: 12.5px ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f5f7; padding: 0 3px; }
    pre { background: #1d2228; color: #e8eaed; padding: 8px 10px; overflow-x: auto; font-size: 12px; }
    .failure { border-left: 4px solid #e53935; padding-left: 10px; margin: 10px 0; } .failure p { margin: 2px 0; }
    .why { color: #5f6b76; } .foot { color: #8a949e; font-size: 12px; margin-top: 32px; }
    .ponr-text { font-weight: 600; } .ponr-text.declined, .ponr-text.not-reached { color: #5f6b76; }
    svg.timeline { font-size: 11px; background: #fff; }
    svg .stripe { fill: #f6f8fa; } svg .row-label { fill: #1d2228; } svg .row-label.lane { fill: #5f6b76; font-style: italic; } svg .tick { stroke: #e3e6ea; }
    svg .tick-label { fill: #5f6b76; font-size: 10px; } svg .bar-label { fill: #1d2228; font-size: 10.5px; pointer-events: none; }
    svg .ponr { stroke: #c62828; stroke-width: 2; stroke-dasharray: 5 3; } svg .ponr-label { fill: #c62828; font-weight: 600; }
    .bar.phase { fill: #bbdefb; stroke: #64b5f6; } .bar.batch { fill: #e1bee7; stroke: #ba68c8; }
    .succeeded { fill: #43a047; background: #43a047; } .failed { fill: #e53935; background: #e53935; }
    .running { fill: #1e88e5; background: #1e88e5; } .interrupted { fill: #fb8c00; background: #fb8c00; }
    .skipped, .pending { fill: #9e9e9e; background: #9e9e9e; } .rolled-back { fill: #8e24aa; background: #8e24aa; }
    .api-up { fill: #c8e6c9; background: #c8e6c9; } .api-down { fill: #d32f2f; background: #d32f2f; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: #5f6b76; }
    .swatch { display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: middle; }
    """
}
