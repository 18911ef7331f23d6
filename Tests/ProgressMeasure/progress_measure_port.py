"""A faithful port of Statistics Canada's progress measure as open-sdg/sdg-build computes it.

Source: https://github.com/open-sdg/sdg-build, file sdg/ProgressMeasure.py, commit
139fede74ba534d2ed8b9eee4cd878b41f54cb67 (classes SeriesProgress and helpers growth_calculation,
get_progress_status). The logic is reproduced step by step without pandas: the series is a list
of (year, value) pairs instead of a data frame, and the configuration is a dict with the same
keys as `progress_calculation_options` (base_year, target, target_year, direction, limit,
progress_thresholds). Where the original raises or crashes (no year after a missing base year,
duplicate years, a complex power), this port returns status "not_available" with no value,
which is what chiso reports as not assessable.

Used only by Tests/ProgressMeasure/crosscheck.py; not part of chiso.
"""


def growth_calculation(val1, val2, t1, t2):
    """Compound annual growth rate from (t2, val2) to (t1, val1), as in sdg-build."""
    return ((val1 / val2) ** (1 / (t1 - t2))) - 1


def get_progress_status(value, thresholds, target_achieved=False):
    x, y, z = float(thresholds["high"]), float(thresholds["med"]), float(thresholds["low"])
    if target_achieved:
        return "target_achieved"
    if value is not None:
        if value >= x:
            return "substantial_progress"
        elif y <= value < x:
            return "moderate_progress"
        elif z <= value < y:
            return "limited_progress"
        elif value < z:
            return "deterioration"
    return "not_available"


class SeriesProgress:
    def __init__(self, points, config):
        self.base_year = config.get("base_year", 2015)
        self.target = config.get("target")
        if self.target == 0:
            self.target = 0.001
        self.target_year = config.get("target_year", 2030)
        self.direction = 1 if config.get("direction") == "positive" else -1
        self.limit = config.get("limit")
        self.method = 1 if self.target is None else 2
        self.progress_thresholds = config.get("progress_thresholds", {})
        self.base_value = None
        self.current_year = None
        self.current_value = None
        self.sign = None
        self.target_achieved = False
        self.progress_value = None
        self.status = "not_available"

        # filter_data: drop missing values; duplicate years raise in the original.
        data = [(int(y), float(v)) for y, v in points if v is not None]
        years = [y for y, _ in data]
        if len(set(years)) != len(years) or not data:
            return
        self.current_year = max(years)
        self.current_value = dict(data)[self.current_year]
        if self.base_year not in years:
            later = [y for y in years if y > self.base_year]
            if not later:          # the original takes .min() of an empty series (NaN) and fails
                return
            self.base_year = min(later)
        self.base_value = dict(data)[self.base_year]
        self.sign = -1 if self.base_value < 0 else 1
        self.progress_thresholds = self.get_progress_thresholds()
        self.target_achieved = self.is_target_achieved()
        try:
            self.progress_value = self.calculate_progress_value()
        except (ZeroDivisionError, TypeError):
            self.progress_value = None
        if isinstance(self.progress_value, complex):   # a negative ratio to a fractional power
            self.progress_value = None
        self.status = get_progress_status(self.progress_value, self.progress_thresholds, self.target_achieved)

    def calculate_progress_value(self):
        if self.base_value == 0:
            self.base_value = 0.001
        if (self.base_value > 0 and self.current_value < 0) or (self.base_value < 0 and self.current_value > 0):
            return None
        if self.base_year > self.current_year:
            return None
        if self.current_year - self.base_year < 1:
            return None
        if self.method == 1:
            return self.sign * self.direction * growth_calculation(self.current_value, self.base_value,
                                                                   self.current_year, self.base_year)
        cagr_o = growth_calculation(self.current_value, self.base_value, self.current_year, self.base_year)
        cagr_r = growth_calculation(self.target, self.base_value, self.target_year, self.base_year)
        return self.sign * self.direction * cagr_o / abs(cagr_r)

    def is_target_achieved(self):
        if self.target is not None:
            if (self.direction == -1 and self.current_value <= self.target) or \
               (self.direction == 1 and self.current_value >= self.target):
                return True
        return False

    def get_progress_thresholds(self):
        user = self.progress_thresholds
        if self.method == 1:
            t = {"high": 0.015, "med": 0.005, "low": 0}
            t.update(user)
            if self.limit is not None:
                base_value, limit, a = abs(self.base_value), abs(self.limit), 4.44
                if base_value >= 2 * limit:
                    coeff = 1
                elif base_value <= limit:
                    coeff = 1 - (base_value / limit) ** a
                else:
                    coeff = 1 - ((2 * limit - base_value) / limit) ** a
                for key in ["high", "med", "low"]:
                    t[key] *= coeff
                t["coefficient"] = coeff
            return t
        t = {"high": 0.95, "med": 0.6, "low": 0}
        t.update(user)
        return t
