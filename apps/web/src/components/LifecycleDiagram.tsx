import '@xyflow/react/dist/style.css';
import './lifecycle-diagram.css';
import dagre from '@dagrejs/dagre';
import {
  Background, BaseEdge, Controls, type Edge, type EdgeChange, type EdgeProps, EdgeLabelRenderer, Handle, MarkerType, type Node, type NodeChange, type NodeProps, Position,
  ReactFlow, useReactFlow,
} from '@xyflow/react';
import { createContext, useContext, useEffect, useMemo } from 'react';
import { KIND_COLORS, STAGE_KINDS, type StageKind } from '../lifecycle';

/**
 * The drawing of a lifecycle model: React Flow renders, dagre lays out. What is ours: stage nodes coloured by kind,
 * transition edges drawn along dagre's routes (one per source stage, self-loops beside their stage), and selection
 * that the page owns so the side panel, the diagram and the editor show the same thing.
 */
export interface DiagramStage { id: string; key: string; name: string; kind: StageKind; initial: boolean }
export interface DiagramTransition { id: string; key: string; name: string; from: string[]; to: string }
export type Selection = { kind: 'stage' | 'transition'; id: string } | null;

const NODE_W = 150;
const NODE_H = 44;
const LABEL_H = 18;
const JUNCTION = 8;
const labelWidth = (text: string) => Math.min(200, Math.round(text.length * 6.2) + 12);

interface Point { x: number; y: number }
type StageNode = Node<{ stage: DiagramStage }, 'stage'>;
type JunctionNode = Node<Record<string, never>, 'junction'>;
type DiagramNode = StageNode | JunctionNode;
/** `feeder`: from one of several source stages into the transition's junction (drawn without label or arrow). */
type TransitionEdge = Edge<{ transition: DiagramTransition; points: Point[]; label: Point | null; self: Point | null }, 'transition'>;

const SelectContext = createContext<(s: Selection) => void>(() => {});

function StageNodeView({ data, selected }: NodeProps<StageNode>) {
  const { stage } = data;
  const c = KIND_COLORS[stage.kind] ?? 'gray';
  return (
    <div className="custodia-stage" data-selected={selected || undefined}
      style={{ width: NODE_W, height: NODE_H, background: `var(--mantine-color-${c}-1)`, borderColor: `var(--mantine-color-${c}-7)` }}>
      <Handle type="target" position={Position.Top} isConnectable={false} className="custodia-handle" />
      <div className="custodia-stage-name">{stage.name || stage.key || 'Unnamed stage'}</div>
      <div className="custodia-stage-kind">{STAGE_KINDS[stage.kind] ?? stage.kind}{stage.initial ? ' · initial' : ''}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="custodia-handle" />
    </div>
  );
}

/** Where the routes from several source stages of one transition meet, before its labelled arrow. */
function JunctionNodeView() {
  return (
    <div className="custodia-junction" style={{ width: JUNCTION, height: JUNCTION }}>
      <Handle type="target" position={Position.Top} isConnectable={false} className="custodia-handle" />
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="custodia-handle" />
    </div>
  );
}

/** A polyline through dagre's points, its corners rounded with quadratic curves. */
function routePath(p: Point[]): string {
  if (p.length < 2) return '';
  let d = `M ${p[0]!.x},${p[0]!.y}`;
  if (p.length === 2) return `${d} L ${p[1]!.x},${p[1]!.y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const end = i === p.length - 2 ? p[i + 1]! : { x: (p[i]!.x + p[i + 1]!.x) / 2, y: (p[i]!.y + p[i + 1]!.y) / 2 };
    d += ` Q ${p[i]!.x},${p[i]!.y} ${end.x},${end.y}`;
  }
  return d;
}

function TransitionEdgeView({ id, data, selected, markerEnd }: EdgeProps<TransitionEdge>) {
  const select = useContext(SelectContext);
  if (!data) return null;
  const name = data.transition.name || data.transition.key;
  let path: string;
  let label = data.label;
  if (data.self && label) {
    // A transition back into the same stage (reassign): a loop on the stage's right side, its label beyond it.
    const right = data.self.x + NODE_W / 2;
    const { y } = data.self;
    const reach = Math.max(40, label.x - labelWidth(name) / 2 - right + 20);
    path = `M ${right},${y - 10} C ${right + reach},${y - 30} ${right + reach},${y + 30} ${right},${y + 10}`;
    label = { x: Math.max(label.x, right + reach * 0.75 + labelWidth(name) / 2 + 4), y };
  } else {
    path = routePath(data.points);
  }
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={label ? markerEnd : undefined} interactionWidth={12}
        style={{ stroke: selected ? 'var(--mantine-color-indigo-8)' : 'var(--mantine-color-gray-6)', strokeWidth: selected ? 2.5 : 1.3 }} />
      {label && (
        <EdgeLabelRenderer>
          <div className="nodrag nopan custodia-edge-label" data-selected={selected || undefined} aria-hidden
            style={{ transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)`, maxWidth: 200 }}
            onClick={() => select({ kind: 'transition', id: data.transition.id })}>
            {name}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

const nodeTypes = { stage: StageNodeView, junction: JunctionNodeView };
const edgeTypes = { transition: TransitionEdgeView };

/**
 * Positions from dagre, top to bottom. A transition from one stage is one labelled arrow; a transition from several
 * stages joins their routes in a junction dot, then one labelled arrow, so each transition is labelled once.
 */
function layout(stages: DiagramStage[], transitions: DiagramTransition[]) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 14, ranksep: 24, edgesep: 6, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(stages.map((s) => s.id));
  const names = new Map(stages.map((s) => [s.id, s.name || s.key]));
  for (const s of stages) g.setNode(s.id, { width: NODE_W, height: NODE_H });
  const routed: { id: string; from: string; to: string; t: DiagramTransition; labelled: boolean }[] = [];
  const junctions: string[] = [];
  for (const t of transitions) {
    if (!ids.has(t.to)) continue;
    const from = [...new Set(t.from)].filter((f) => ids.has(f));
    if (from.length === 0) continue;
    const label = { width: labelWidth(t.name || t.key), height: LABEL_H, labelpos: 'c' as const };
    if (from.length === 1) {
      g.setEdge(from[0]!, t.to, label, `${t.id}:main`);
      routed.push({ id: `${t.id}:main`, from: from[0]!, to: t.to, t, labelled: true });
      continue;
    }
    const j = `junction:${t.id}`;
    g.setNode(j, { width: JUNCTION, height: JUNCTION });
    junctions.push(j);
    for (const f of from) {
      g.setEdge(f, j, {}, `${t.id}:${f}`);
      routed.push({ id: `${t.id}:${f}`, from: f, to: j, t, labelled: false });
    }
    g.setEdge(j, t.to, label, `${t.id}:main`);
    routed.push({ id: `${t.id}:main`, from: j, to: t.to, t, labelled: true });
  }
  dagre.layout(g);
  const graph = g.graph() as { width?: number; height?: number };
  const bounds = { x: 0, y: 0, width: graph.width ?? 0, height: graph.height ?? 0 };
  const center = (id: string) => g.node(id) as Point;
  const nodes: DiagramNode[] = stages.map((s): StageNode => {
    const c = center(s.id);
    return {
      id: s.id, type: 'stage', position: { x: c.x - NODE_W / 2, y: c.y - NODE_H / 2 }, width: NODE_W, height: NODE_H, data: { stage: s },
      draggable: false, connectable: false, deletable: false,
      ariaLabel: `Stage ${s.name || s.key}, ${STAGE_KINDS[s.kind] ?? s.kind}${s.initial ? ', initial' : ''}`,
    };
  });
  for (const j of junctions) {
    const c = center(j);
    nodes.push({
      id: j, type: 'junction', position: { x: c.x - JUNCTION / 2, y: c.y - JUNCTION / 2 }, width: JUNCTION, height: JUNCTION, data: {},
      draggable: false, connectable: false, deletable: false, selectable: false, focusable: false, ariaRole: 'presentation', domAttributes: { 'aria-hidden': true },
    });
  }
  const edges: TransitionEdge[] = routed.map(({ id, from, to, t, labelled }) => {
    const e = g.edge(from, to, id) as { points?: Point[]; x?: number; y?: number };
    const sources = [...new Set(t.from)].filter((f) => ids.has(f)).map((f) => names.get(f)).join(', ');
    return {
      id, source: from, target: to, type: 'transition', deletable: false,
      data: { transition: t, points: e.points ?? [], label: labelled ? { x: e.x ?? 0, y: e.y ?? 0 } : null, self: labelled && from === to ? center(from) : null },
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#495057' },
      ...(labelled
        ? { ariaLabel: `Transition ${t.name || t.key}: from ${sources} to ${names.get(t.to)}` }
        // The routes into a junction are parts of the labelled edge: not a stop of their own for the keyboard or screen readers.
        : { focusable: false, ariaLabel: `Part of transition ${t.name || t.key}, from ${names.get(from)}`, domAttributes: { 'aria-hidden': true } }),
    };
  });
  return { nodes, edges, bounds };
}

/**
 * Fits the whole drawing — routes and labels too, which may reach beyond the stages — into view, at first and
 * whenever the set of stages or transitions changes (the editor adds and removes them).
 */
function FitOnChange({ signature, bounds }: { signature: string; bounds: { x: number; y: number; width: number; height: number } }) {
  const { fitBounds } = useReactFlow();
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitBounds(bounds, { padding: 0.04 }));
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature, fitBounds]);
  return null;
}

/** Zoom buttons; "fit" fits the whole drawing, labels included. */
function DiagramControls({ bounds }: { bounds: { x: number; y: number; width: number; height: number } }) {
  const { fitBounds } = useReactFlow();
  return <Controls showInteractive={false} onFitView={() => void fitBounds(bounds, { padding: 0.04 })} />;
}

export function LifecycleDiagram({ stages, transitions, selection, onSelect, label, height = 640 }: {
  stages: DiagramStage[]; transitions: DiagramTransition[]; selection: Selection; onSelect: (s: Selection) => void; label: string; height?: number;
}) {
  const laidOut = useMemo(() => layout(stages, transitions), [stages, transitions]);
  const nodes = useMemo(() => laidOut.nodes.map((n) => ({ ...n, selected: selection?.kind === 'stage' && selection.id === n.id })), [laidOut, selection]);
  const edges = useMemo(() => laidOut.edges.map((e) => {
    const on = selection?.kind === 'transition' && e.data?.transition.id === selection.id;
    return { ...e, selected: on, zIndex: on ? 1 : 0 };
  }), [laidOut, selection]);
  const signature = `${stages.map((s) => s.id).join(',')}|${laidOut.edges.map((e) => e.id).join(',')}`;

  // Selection (by pointer, or Enter / Space on a focused node or edge) is the page's: report it, keep none here.
  const onNodesChange = (changes: NodeChange<DiagramNode>[]) => {
    const picked = changes.find((c) => c.type === 'select' && c.selected);
    if (picked && 'id' in picked && !picked.id.startsWith('junction:')) onSelect({ kind: 'stage', id: picked.id });
  };
  const onEdgesChange = (changes: EdgeChange<TransitionEdge>[]) => {
    const picked = changes.find((c) => c.type === 'select' && c.selected);
    const edge = picked && 'id' in picked ? laidOut.edges.find((e) => e.id === picked.id) : undefined;
    if (edge?.data) onSelect({ kind: 'transition', id: edge.data.transition.id });
  };

  return (
    <SelectContext.Provider value={onSelect}>
      <div style={{ height, width: '100%' }} className="custodia-diagram">
        <ReactFlow<DiagramNode, TransitionEdge>
          nodes={nodes} edges={edges} nodeTypes={nodeTypes} edgeTypes={edgeTypes}
          onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} onPaneClick={() => onSelect(null)}
          nodesDraggable={false} nodesConnectable={false} elementsSelectable nodesFocusable edgesFocusable
          deleteKeyCode={null} selectionKeyCode={null} multiSelectionKeyCode={null} selectNodesOnDrag={false}
          fitView fitViewOptions={{ padding: 0.15 }} minZoom={0.15} maxZoom={2}
          aria-label={label}
          ariaLabelConfig={{
            'node.a11yDescription.default': 'Press Enter or Space to show this stage in the panel beside the diagram.',
            'node.a11yDescription.keyboardDisabled': 'The panel beside the diagram lists every stage and transition.',
            'edge.a11yDescription.default': 'Press Enter or Space to show this transition in the panel beside the diagram.',
            'controls.ariaLabel': 'Diagram zoom controls',
            'controls.zoomIn.ariaLabel': 'Zoom in',
            'controls.zoomOut.ariaLabel': 'Zoom out',
            'controls.fitView.ariaLabel': 'Fit the whole model in view',
          }}
        >
          <Background gap={18} color="#dee2e6" />
          <DiagramControls bounds={laidOut.bounds} />
          <FitOnChange signature={signature} bounds={laidOut.bounds} />
        </ReactFlow>
      </div>
    </SelectContext.Provider>
  );
}
