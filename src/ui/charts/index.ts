// The chart layer's public surface: components take plain data through props (see each file's header).
export { ScatterPlot, type ScatterPlotProps } from './ScatterPlot';
export { SmallMultiples, type SmallMultiplesProps } from './SmallMultiples';
export { ProbeChart, type ProbeChartProps } from './ProbeChart';
export { LineChart, type LineChartProps } from './LineChart';
export { DecodableCausalChart, type DecodableCausalChartProps } from './DecodableCausalChart';
export { Heatmap, type HeatmapProps } from './Heatmap';
export { SelectionList, type SelectionListProps } from './SelectionList';
export { ChartFrame, ChartPlaceholder, type ChartPlaceholderProps } from './ChartFrame';
export type { PointInfo } from './ScatterTooltip';
export type { ExportedFile, ExportHandler, ExportKind } from './ExportMenu';
export type { ProbeChartData, Score } from './probeLayout';
export type { LineSeries } from './lineLayout';
export type { DecodableCausalData, LayerEffectPoint } from './decodableCausalLayout';
export type { HeatScale } from './heatmapLayout';
export { alignProcrustes, alignSequence, fitProcrustes, applyProcrustes } from './procrustes';
export { categorize } from './scatterLayout';
export { layerLabels } from './layerAxis';
export { exportSvg, exportPng } from './exportImage';
