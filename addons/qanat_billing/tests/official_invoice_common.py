"""Fixtures and PDF layout reading for tests of the official Persian invoice."""

import re
import subprocess
import tempfile
import unicodedata
from xml.etree import ElementTree

# Valid identifiers of the test seller (check digits verified).
SELLER_LEGAL_ID = "10103452780"
SELLER_ECONOMIC_CODE = "41122233345"
SELLER_ZIP = "1591634311"
SELLER_PHONE = "02188776655"

_MARKS_RE = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Words of one cell are at most a space (and a glyph pdftotext cannot map back
# to a letter) apart; neighbouring cells at least two paddings and a border.
CELL_GAP = 6.0


def give_seller_identity(env, company=None):
    """Give a company what the official invoice needs of its seller."""
    company = company or env.company
    state = env["res.country.state"].search(
        [("country_id", "=", env.ref("base.ir").id), ("name", "=", "تهران")], limit=1
    ) or env["res.country.state"].create(
        {"name": "تهران", "code": "QX-THR", "country_id": env.ref("base.ir").id}
    )
    company.partner_id.write(
        {
            "economic_code": SELLER_ECONOMIC_CODE,
            "legal_national_id": SELLER_LEGAL_ID,
            "zip": SELLER_ZIP,
            "state_id": state.id,
            "city": "Tehran",
            "street": "Keshavarz Blvd 45",
            "street2": "Unit 3",
            "phone": SELLER_PHONE,
        }
    )
    return state


def normalize(text):
    """pdftotext's presentation forms and direction marks, made plain."""
    return _MARKS_RE.sub("", unicodedata.normalize("NFKC", text))


def letters(text):
    """Only the letters of ``text`` (no spaces, digits, punctuation)."""
    return "".join(c for c in normalize(text) if unicodedata.category(c)[0] == "L")


def is_subsequence(short, long):
    chars = iter(long)
    return all(char in chars for char in short)


def letters_match(found, expected):
    """Persian text is compared letter by letter, tolerating the few glyphs
    (contextual forms) that pdftotext cannot map back to a letter."""
    wanted = letters(expected)
    if not found or not is_subsequence(found, wanted):
        return False
    return len(found) >= len(wanted) - max(1, len(wanted) // 4)


class Box:
    def __init__(self, x0, y0, x1, y1, text=""):
        self.x0, self.y0, self.x1, self.y1, self.text = x0, y0, x1, y1, text

    @property
    def center(self):
        return (self.x0 + self.x1) / 2

    def same_line(self, other):
        overlap = min(self.y1, other.y1) - max(self.y0, other.y0)
        return overlap > 0.5 * min(self.y1 - self.y0, other.y1 - other.y0)

    def intersects(self, other, margin=0.3):
        return (
            self.x0 + margin < other.x1
            and other.x0 + margin < self.x1
            and self.y0 + margin < other.y1
            and other.y0 + margin < self.y1
        )

    def __repr__(self):
        return f"<{self.text!r} x {self.x0:.1f}-{self.x1:.1f} y {self.y0:.1f}>"


class Cluster(Box):
    """The words of one table cell on one line of text."""

    def __init__(self, words):
        super().__init__(
            min(w.x0 for w in words),
            min(w.y0 for w in words),
            max(w.x1 for w in words),
            max(w.y1 for w in words),
        )
        self.words = words
        self.text = " ".join(w.text for w in words)
        # Persian glyphs come one "word" each in visual order: right to left
        # gives the logical order.
        self.letters = letters(
            "".join(w.text for w in sorted(words, key=lambda w: -w.x0))
        )

    def matches(self, expected):
        if not any("\u0600" <= c <= "\u06ff" for c in letters(expected)):
            return self.text == normalize(expected)
        return letters_match(self.letters, expected)


class PdfLayout:
    """Words of a PDF page with their boxes (``pdftotext -bbox``), grouped in
    cells: runs of words on a line closer than ``CELL_GAP`` points."""

    def __init__(self, pdf, page=1):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            xhtml = subprocess.run(
                [
                    "pdftotext",
                    "-bbox",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    handle.name,
                    "-",
                ],
                capture_output=True,
                check=True,
                timeout=60,
            ).stdout.decode()
        root = ElementTree.fromstring(xhtml)
        namespace = {"x": "http://www.w3.org/1999/xhtml"}
        page_node = root.find(".//x:page", namespace)
        self.width = float(page_node.get("width"))
        self.height = float(page_node.get("height"))
        self.words = [
            Box(
                float(node.get("xMin")),
                float(node.get("yMin")),
                float(node.get("xMax")),
                float(node.get("yMax")),
                normalize(node.text or ""),
            )
            for node in page_node.iter("{http://www.w3.org/1999/xhtml}word")
        ]
        self.words = [word for word in self.words if word.text.strip()]
        self.clusters = self._cluster()

    def _cluster(self):
        lines = []
        for word in sorted(self.words, key=lambda w: (w.y0, w.x0)):
            for line in lines:
                if line[0].same_line(word):
                    line.append(word)
                    break
            else:
                lines.append([word])
        clusters = []
        for line in lines:
            line.sort(key=lambda w: w.x0)
            run = [line[0]]
            for word in line[1:]:
                if word.x0 - max(w.x1 for w in run) > CELL_GAP:
                    clusters.append(Cluster(run))
                    run = []
                run.append(word)
            clusters.append(Cluster(run))
        return clusters

    def find(self, expected):
        return [cluster for cluster in self.clusters if cluster.matches(expected)]

    def neighbours(self, cluster):
        """The cells on the left and on the right of ``cluster`` on its line."""
        line = [c for c in self.clusters if c is not cluster and c.same_line(cluster)]
        left = [c for c in line if c.x1 <= cluster.x0]
        right = [c for c in line if c.x0 >= cluster.x1]
        return (
            max(left, key=lambda c: c.x1, default=None),
            min(right, key=lambda c: c.x0, default=None),
        )

    def overlaps(self):
        """Pairs of words of different cells on one line whose boxes intersect
        (the boxes of lines of a paragraph overlap a little: font metrics)."""
        owner = {
            id(word): cluster for cluster in self.clusters for word in cluster.words
        }
        return [
            (a, b)
            for index, a in enumerate(self.words)
            for b in self.words[index + 1 :]
            if owner[id(a)] is not owner[id(b)] and a.same_line(b) and a.intersects(b)
        ]
