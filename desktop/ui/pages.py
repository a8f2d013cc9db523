"""Where the counter window finds the exam panel (the vehicle and driver panels are vehicle_panel.py
and driver_panel.py); the panel itself is desktop/ui/exam_panel.py."""

from __future__ import annotations

from desktop.ui.exam_panel import ExamPage

__all__ = ["ExamPage"]
