import { describe, expect, it } from 'vitest';
import { VirtualListModel, type VirtualRow } from '../../../src/renderer/src/conversation/virtual-list-model';

interface Row extends VirtualRow {
  mine?: boolean;
}
const rows = (from: number, to: number): Row[] => Array.from({ length: to - from }, (_, i) => ({ key: `r${from + i}` }));
const estimate = () => 50;
const mine = (row: Row) => row.mine === true;

/** A model of 200 rows of 50 px in a 500 px viewport, scrolled to the bottom. */
function atBottom(): VirtualListModel<Row> {
  const model = new VirtualListModel<Row>({ overscan: 100, bottomSlack: 10, nearTop: 300 });
  model.setRows(rows(0, 200), estimate, mine);
  model.resized(500);
  model.settle(model.scrollTop(), 500);
  return model;
}

describe('the virtual list model', () => {
  it('opens at the bottom and draws only the rows in view and the overscan', () => {
    const model = atBottom();
    expect(model.scrollTop()).toBe(200 * 50 - 500);
    const { rows: drawn, spaceAbove, spaceBelow } = model.visible();
    expect(drawn.map((d) => d.row.key)).toEqual(rows(188, 200).map((r) => r.key));
    expect(spaceAbove).toBe(188 * 50);
    expect(spaceBelow).toBe(0);
  });

  it('follows a new row while at the bottom, and counts it as unseen while reading back', () => {
    const model = atBottom();
    model.setRows(rows(0, 201), estimate, mine);
    expect(model.scrollTop()).toBe(201 * 50 - 500);
    expect(model.unseenBelow).toBe(0);

    model.scrolled(3000, 500);
    expect(model.atBottom).toBe(false);
    model.setRows(rows(0, 202), estimate, mine);
    expect(model.scrollTop()).toBe(3000); // still reading where they were
    expect(model.unseenBelow).toBe(1);
    // A burst counts every message in it.
    model.setRows(rows(0, 205), estimate, mine);
    expect(model.unseenBelow).toBe(4);
    // One's own message brings the view down, wherever it was.
    model.setRows([...rows(0, 205), { key: 'mine', mine: true }], estimate, mine);
    expect(model.atBottom).toBe(true);
  });

  it('keeps the row being read still when a page of earlier rows arrives above it', () => {
    const model = atBottom();
    model.scrolled(1000, 500, { key: 'r20', offset: 0 });
    model.setRows([...rows(-100, 0), ...rows(0, 200)], estimate, mine);
    expect(model.scrollTop()).toBe(1000 + 100 * 50);
    // The rows drawn are the ones that will be in view after the browser adjusts, not those at the old offset.
    expect(model.visible().rows.some((d) => d.row.key === 'r20')).toBe(true);
  });

  it('keeps the row being read still when rows above it turn out taller than estimated', () => {
    const model = atBottom();
    model.scrolled(1000, 500, { key: 'r20', offset: 0 });
    expect(
      model.measure([
        ['r5', 80],
        ['r6', 20],
      ]),
    ).toBe(true);
    expect(model.scrollTop()).toBe(1000 + 30 - 30);
    model.measure([['r7', 150]]);
    expect(model.scrollTop()).toBe(1100);
    expect(model.measure([['r7', 150]])).toBe(false);
  });

  it('centres a row it is asked to reveal, once per request', () => {
    const model = atBottom();
    const request = { messageId: 'r100' };
    expect(model.reveal(request, 'r100')).toBe(true);
    expect(model.scrollTop()).toBe(100 * 50 - (500 - 50) / 2);
    expect(model.reveal(request, 'r100')).toBe(false);
    expect(model.reveal({}, 'missing')).toBe(false);
  });

  it('asks for earlier rows near the top, or when there is too little to scroll', () => {
    const model = atBottom();
    expect(model.nearTop).toBe(false);
    model.scrolled(200, 500);
    expect(model.nearTop).toBe(true);
    const short = new VirtualListModel<Row>({ overscan: 100, bottomSlack: 10, nearTop: 300 });
    short.setRows(rows(0, 3), estimate, mine);
    short.resized(500);
    expect(short.nearTop).toBe(true);
  });
});
