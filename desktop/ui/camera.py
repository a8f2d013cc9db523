"""拍照: capture a holder photo from a camera when QtMultimedia finds one. QtMultimedia is imported
only when the clerk asks (it loads FFmpeg and probes devices: not something every start should pay)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


def find_camera():
    """The default video input, or None."""
    from PySide6.QtMultimedia import QMediaDevices

    inputs = QMediaDevices.videoInputs()
    return QMediaDevices.defaultVideoInput() if inputs else None


def jpeg_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "JPG", 90)
    return bytes(data)


class CameraDialog(QDialog):
    """The live picture, [拍照]; the captured JPEG is `photo` when the dialog is accepted."""

    captured = Signal(bytes)

    def __init__(self, device, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(self.tr("拍照"))
        self.photo: bytes | None = None
        self.camera = QCamera(device, self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.capture = QImageCapture(self)
        self.session.setImageCapture(self.capture)
        self.view = QVideoWidget()
        self.view.setMinimumSize(480, 360)
        self.session.setVideoOutput(self.view)
        self.capture.imageCaptured.connect(self.on_image_captured)
        self.note = QLabel(self.tr("请持证人正对镜头，白色背景"))
        shoot = QPushButton(self.tr("拍照"))
        shoot.clicked.connect(self.on_shoot_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addWidget(shoot)
        layout.addWidget(buttons)
        self.camera.start()

    @Slot()
    def on_shoot_clicked(self) -> None:
        if self.capture.isReadyForCapture():
            self.capture.capture()

    @Slot(int, QImage)
    def on_image_captured(self, _id: int, image: QImage) -> None:
        self.photo = jpeg_bytes(image)
        self.camera.stop()
        self.captured.emit(self.photo)
        self.accept()
