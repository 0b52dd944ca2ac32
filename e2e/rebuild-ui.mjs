// Starts a workflow (WORKFLOW_TYPE, default ProductSearchRebuildWorkflow) from the Temporal Web UI's "Start Workflow" form, waits
// until the UI shows it closed, and reads the progress line the workflow publishes as its current
// details (tab "User Metadata"). Prints one JSON line: {"status": ..., "details": ..., "screenshot": ...}.
//
//   UI_URL=http://127.0.0.1:18233 WORKFLOW_ID=product-search-rebuild TASK_QUEUE=projection-ops \
//     node e2e/rebuild-ui.mjs
//
// Uses the system Chromium (no browser download): CHROMIUM=/usr/bin/chromium by default.
import { chromium } from 'playwright-core';

const ui = (process.env.UI_URL ?? 'http://127.0.0.1:8233').replace(/\/+$/, '');
const namespace = process.env.NAMESPACE ?? 'default';
const workflowId = process.env.WORKFLOW_ID ?? 'product-search-rebuild';
const taskQueue = process.env.TASK_QUEUE ?? 'projection-ops';
const input = process.env.INPUT ?? '{}';
const workflowType = process.env.WORKFLOW_TYPE ?? 'ProductSearchRebuildWorkflow';
// The line of the Current Details to read (the rebuild's: "… 2,000 / 2,000 documents … source …").
const detailsLine = new RegExp(process.env.DETAILS_PATTERN ?? ' documents .*source');
const screenshot = process.env.SCREENSHOT ?? '/tmp/rebuild-ui.png';
const deadlineMs = Number(process.env.DEADLINE_SECONDS ?? 180) * 1000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  if (process.env.DEBUG_UI) {
    page.on('response', async (r) => {
      if (/query|metadata/i.test(r.url())) {
        console.error('UI call', r.status(), r.url(), (await r.text().catch(() => '')).slice(0, 6000));
      }
    });
  }
  await page.goto(`${ui}/namespaces/${namespace}/workflows/start-workflow`);
  await page.getByTestId('workflowId').fill(workflowId);
  await page.getByTestId('taskQueue').fill(taskQueue);
  await page.getByTestId('workflowType').fill(workflowType);
  const data = page.getByLabel('Data');
  await data.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(input);
  // Leaving the editor reformats a longer input over several lines and moves the button down; a
  // click that lands during that move starts nothing. So leave it first, then click.
  await page.evaluate(() => document.activeElement?.blur());
  await page.getByTestId('start-workflow-button').click();

  // The form stays put and confirms with a toast, or shows why it refused (one already runs).
  // Only visible text counts: the page also holds a hidden "Failed to fetch" of its news feed,
  // which a machine without internet access never loads.
  const toast = page
    .getByText(/Workflow started successfully|already|error|failed/i)
    .filter({ visible: true })
    .first();
  await toast.waitFor({ timeout: 30_000 });
  const confirmation = await toast.innerText();
  if (!/started successfully/i.test(confirmation)) {
    throw new Error('the Web UI did not start the workflow: ' + confirmation);
  }

  // The workflow's page without a run id shows its latest run.
  const runPage = `${ui}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;
  const begin = Date.now();
  let status = 'RUNNING';
  let progressLine = '';
  let seenRunning = '';
  while (Date.now() - begin < deadlineMs) {
    await page.goto(runPage);
    await page.getByText(workflowId).first().waitFor({ timeout: 15_000 });
    const header = await page.locator('body').innerText();
    status = ['COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'TIMED OUT', 'RUNNING']
      .find((s) => header.includes(`\n${s}\n`)) ?? status;
    await page.getByText('User Metadata', { exact: true }).click();
    // Current Details come from a query the UI sends after the page loaded, and the UI renders
    // their markdown in a sandboxed iframe.
    const line = await currentDetails(page, 15_000);
    if (line) {
      progressLine = line;
      if (status === 'RUNNING' && !seenRunning) {
        seenRunning = line;
      }
    }
    if (status !== 'RUNNING') {
      break;
    }
    await page.waitForTimeout(1_000);
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ status, details: progressLine, whileRunning: seenRunning, url: page.url(), screenshot }));
} finally {
  await browser.close();
}

/** The progress line in any frame of the page, waiting up to timeoutMs for it; '' when none. */
async function currentDetails(page, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      const text = await frame.locator('body').innerText({ timeout: 1_000 }).catch(() => '');
      const line = text.split('\n').find((l) => detailsLine.test(l));
      if (line) {
        return line.trim();
      }
    }
    await page.waitForTimeout(250);
  }
  return '';
}
