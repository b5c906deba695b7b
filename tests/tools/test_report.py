# SPDX-License-Identifier: MIT
"""tools/oomlab/htmlreport.py: the page rendered from logs our kernel wrote
opens in headless Chromium without a console error, and every plot image
decodes to a picture; the screenshot stays in build/report-check/."""
import os
import shutil
import subprocess
import tempfile
import unittest

import testlib
from oomlab import htmlreport

CHROMIUM = shutil.which("chromium")
OUT = os.path.join(testlib.REPO, "build", "report-check")
LOGS = [os.path.join(testlib.FIXTURES, name)
        for name in ("report_scenario.log", "report_reaper.log")]

# Appended to a copy of the page: once it has loaded (every <img> with it),
# draws every plot and counts its opaque non-white pixels (a truncated PNG
# still decodes, to its size in transparent pixels), and names on the
# console the plots that fail. Synchronous in the load handler: an
# img.decode() promise could settle after Chromium dumped the DOM (seen
# on a loaded host: no data-plots in the dump).
CHECK = """<script>
function inked(img) {
	var c = document.createElement("canvas"), n = 0, d;
	c.width = img.naturalWidth;
	c.height = img.naturalHeight;
	c.getContext("2d").drawImage(img, 0, 0);
	d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
	for (var i = 0; i < d.length; i += 4)
		n += d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600;
	return n > 1000;
}
window.addEventListener("load", function () {
	var imgs = Array.from(document.querySelectorAll("img.plot"));
	var bad = imgs.map(function (img) {
		if (!img.complete || !img.naturalWidth)
			return img.alt + " (not decoded)";
		return inked(img) ? null : img.alt + " (blank)";
	}).filter(Boolean);

	document.body.setAttribute("data-plots",
				   imgs.length + "/" + bad.length);
	if (bad.length)
		console.error("bad plots: " + bad.join(", "));
});
</script>"""


def chromium(*args):
    """Chromium's stdout and the console lines of its stderr."""
    argv = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--enable-logging=stderr", "--v=0",
            # Virtual time only advances when the page is idle: a long
            # budget costs nothing, and the plots' decoding on a loaded
            # host outlasted 5 s (data-plots not yet set in the dump).
            "--virtual-time-budget=60000"] + list(args)
    r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    return r.stdout, [line for line in r.stderr.splitlines()
                      if ":CONSOLE" in line]


@unittest.skipUnless(CHROMIUM and os.path.exists(htmlreport.DEBIAN_PYTHON),
                     "chromium or Debian's python3 missing "
                     "(tools/deps.sh installs them)")
class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(OUT, exist_ok=True)
        env = dict(os.environ, PYTHONPATH=testlib.TOOLS)
        subprocess.run([htmlreport.DEBIAN_PYTHON, "-m", "oomlab.htmlreport",
                        "--out", OUT] + LOGS, check=True, env=env,
                       capture_output=True, timeout=300)
        with open(os.path.join(OUT, "index.html")) as f:
            cls.page = f.read()

    def test_page_loads_with_every_plot_decoded(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "check.html")
            with open(path, "w") as f:
                f.write(self.page.replace("</body>", CHECK + "</body>"))
            dom, console = chromium("--dump-dom", "file://" + path)
        self.assertEqual(console, [])
        # 5 plots per log (two bar charts, a timeline; the reaper's two),
        # at least: the timelines of both logs and every chart.
        plots = self.page.count('<img class="plot"')
        self.assertGreaterEqual(plots, 5)
        self.assertIn('data-plots="%d/0"' % plots, dom)

    def test_screenshot(self):
        shot = os.path.join(OUT, "screenshot.png")
        if os.path.exists(shot):
            os.unlink(shot)
        _, console = chromium("--screenshot=" + shot,
                              "--window-size=1000,2400",
                              "file://" + os.path.join(OUT, "index.html"))
        self.assertEqual(console, [])
        with open(shot, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(shot), 10000)

    def test_results_and_side_files(self):
        self.assertLess(self.page.index("Test results"),
                        self.page.index("Charge-path designs"))
        self.assertIn("OOM reaper designs (", self.page)
        self.assertTrue(os.path.getsize(os.path.join(OUT, "junit.xml")))


if __name__ == "__main__":
    unittest.main()
