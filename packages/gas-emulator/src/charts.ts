/**
 * Embedded charts: recorded with their type, ranges, position and options.
 * https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder
 * https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart
 * https://developers.google.com/apps-script/reference/charts/chart-type
 */
import type { FakeRange } from './range';
import type { FakeSheet } from './sheet';

export const ChartType = {
  AREA: 'AREA',
  BAR: 'BAR',
  BUBBLE: 'BUBBLE',
  CANDLESTICK: 'CANDLESTICK',
  COLUMN: 'COLUMN',
  COMBO: 'COMBO',
  GAUGE: 'GAUGE',
  GEO: 'GEO',
  HISTOGRAM: 'HISTOGRAM',
  LINE: 'LINE',
  ORG: 'ORG',
  PIE: 'PIE',
  RADAR: 'RADAR',
  SCATTER: 'SCATTER',
  SPARKLINE: 'SPARKLINE',
  STEPPED_AREA: 'STEPPED_AREA',
  TABLE: 'TABLE',
  TIMELINE: 'TIMELINE',
  TREEMAP: 'TREEMAP',
  WATERFALL: 'WATERFALL',
} as const;

export interface ChartState {
  id: number;
  type: string | null;
  ranges: FakeRange[];
  options: Record<string, unknown>;
  position: { row: number; column: number; offsetX: number; offsetY: number };
}

export class FakeContainerInfo {
  static gasName = 'ContainerInfo';
  constructor(private readonly p: ChartState['position']) {}
  getAnchorRow(): number {
    return this.p.row;
  }
  getAnchorColumn(): number {
    return this.p.column;
  }
  getOffsetX(): number {
    return this.p.offsetX;
  }
  getOffsetY(): number {
    return this.p.offsetY;
  }
}

export class FakeChartOptions {
  static gasName = 'ChartOptions';
  constructor(private readonly o: Record<string, unknown>) {}
  get(option: string): unknown {
    return this.o[option] ?? null;
  }
  getOrDefault(option: string): unknown {
    return this.o[option] ?? null;
  }
}

export class FakeEmbeddedChart {
  static gasName = 'EmbeddedChart';
  constructor(
    readonly state: ChartState,
    public sheet: FakeSheet | null,
  ) {}
  getId(): string {
    return `u${this.state.id}`;
  }
  getChartId(): number {
    return this.state.id;
  }
  getType(): string | null {
    return this.state.type;
  }
  getRanges(): FakeRange[] {
    return this.state.ranges.slice();
  }
  getOptions(): FakeChartOptions {
    return new FakeChartOptions({ ...this.state.options });
  }
  getContainerInfo(): FakeContainerInfo {
    return new FakeContainerInfo({ ...this.state.position });
  }
  modify(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this.sheet, cloneState(this.state));
  }
}

function cloneState(s: ChartState): ChartState {
  return { ...s, ranges: s.ranges.slice(), options: { ...s.options }, position: { ...s.position } };
}

/** One builder class stands in for EmbeddedChartBuilder and its as*Chart() variants. */
export class FakeEmbeddedChartBuilder {
  static gasName = 'EmbeddedChartBuilder';
  constructor(
    private readonly sheet: FakeSheet | null,
    private readonly s: ChartState,
  ) {}
  setChartType(t: string): this {
    this.s.type = String(t);
    return this;
  }
  addRange(r: FakeRange): this {
    this.s.ranges.push(r);
    return this;
  }
  removeRange(r: FakeRange): this {
    this.s.ranges = this.s.ranges.filter((x) => x !== r);
    return this;
  }
  clearRanges(): this {
    this.s.ranges = [];
    return this;
  }
  getRanges(): FakeRange[] {
    return this.s.ranges.slice();
  }
  getChartType(): string | null {
    return this.s.type;
  }
  setPosition(row: number, column: number, offsetX: number, offsetY: number): this {
    this.s.position = { row, column, offsetX, offsetY };
    return this;
  }
  getContainer(): FakeContainerInfo {
    return new FakeContainerInfo({ ...this.s.position });
  }
  setOption(k: string, v: unknown): this {
    this.s.options[k] = v;
    return this;
  }
  setTitle(t: string): this {
    return this.setOption('title', t);
  }
  setLegendPosition(p: unknown): this {
    return this.setOption('legend.position', p);
  }
  setStacked(): this {
    return this.setOption('isStacked', true);
  }
  setColors(c: string[]): this {
    return this.setOption('colors', c.slice());
  }
  setXAxisTitle(t: string): this {
    return this.setOption('hAxis.title', t);
  }
  setYAxisTitle(t: string): this {
    return this.setOption('vAxis.title', t);
  }
  set3D(): this {
    return this.setOption('is3D', true);
  }
  setTransposeRowsAndColumns(b: boolean): this {
    return this.setOption('transposeRowsAndColumns', b);
  }
  setNumHeaders(n: number): this {
    return this.setOption('numHeaders', n);
  }
  asAreaChart(): this {
    return this.setChartType('AREA');
  }
  asBarChart(): this {
    return this.setChartType('BAR');
  }
  asColumnChart(): this {
    return this.setChartType('COLUMN');
  }
  asLineChart(): this {
    return this.setChartType('LINE');
  }
  asPieChart(): this {
    return this.setChartType('PIE');
  }
  asScatterChart(): this {
    return this.setChartType('SCATTER');
  }
  asTableChart(): this {
    return this.setChartType('TABLE');
  }
  build(): FakeEmbeddedChart {
    if (!this.s.type) throw new Error('The chart type must be set before building the chart.');
    return new FakeEmbeddedChart(cloneState(this.s), this.sheet);
  }
}
