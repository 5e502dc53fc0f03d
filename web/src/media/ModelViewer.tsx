import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import {
  AmbientLight,
  Box3,
  Color,
  DirectionalLight,
  type Object3D,
  PerspectiveCamera,
  Scene,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { useT } from '../i18n/index.tsx';

const STEP = Math.PI / 12;

/**
 * A glTF/GLB model the reader can turn: drag with a mouse or finger, or use the buttons (keyboard). Loaded as its own chunk: three.js only comes with models.
 */
export default function ModelViewer({ url, label }: { url: string; label: string }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const api = useRef<{
    turn: (a: number) => void;
    tilt: (a: number) => void;
    reset: () => void;
  } | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error' | 'nogl'>('loading');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let renderer: WebGLRenderer;
    try {
      renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    } catch {
      setState('nogl');
      return;
    }
    const width = el.clientWidth || 320;
    const height = Math.round(width * 0.62);
    renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    renderer.setSize(width, height, false);
    renderer.domElement.setAttribute('aria-hidden', 'true');
    el.append(renderer.domElement);
    const scene = new Scene();
    scene.background = new Color('#f3f6f4');
    scene.add(new AmbientLight(0xffffff, 1.2));
    const sun = new DirectionalLight(0xffffff, 2);
    sun.position.set(3, 5, 4);
    scene.add(sun);
    const camera = new PerspectiveCamera(45, width / height, 0.01, 1000);
    const controls = new OrbitControls(camera, renderer.domElement);
    controls.enableDamping = true;
    let model: Object3D | null = null;
    let frame = 0;
    const home = { position: new Vector3(), target: new Vector3() };
    const render = () => {
      frame = requestAnimationFrame(render);
      controls.update();
      renderer.render(scene, camera);
    };
    new GLTFLoader().load(
      url,
      (gltf) => {
        model = gltf.scene;
        scene.add(model);
        const box = new Box3().setFromObject(model);
        const size = box.getSize(new Vector3()).length() || 1;
        const center = box.getCenter(new Vector3());
        camera.position.copy(center).add(new Vector3(size * 0.6, size * 0.4, size * 0.9));
        camera.near = size / 100;
        camera.far = size * 100;
        camera.updateProjectionMatrix();
        controls.target.copy(center);
        home.position.copy(camera.position);
        home.target.copy(center);
        setState('ready');
      },
      undefined,
      () => setState('error'),
    );
    api.current = {
      turn: (a) => {
        if (model) model.rotation.y += a;
      },
      tilt: (a) => {
        if (model) model.rotation.x += a;
      },
      reset: () => {
        if (model) model.rotation.set(0, 0, 0);
        camera.position.copy(home.position);
        controls.target.copy(home.target);
      },
    };
    render();
    return () => {
      cancelAnimationFrame(frame);
      controls.dispose();
      renderer.dispose();
      renderer.domElement.remove();
    };
  }, [url]);

  if (state === 'nogl') return <Alert type="info" showIcon title={t('media.noWebgl')} />;
  return (
    <div className="model-viewer">
      <div
        ref={host}
        className="model-canvas"
        role="img"
        aria-label={`${label}${t('media.modelKeys')}`}
        data-state={state}
        data-testid="model-viewer"
      />
      {state === 'error' && <Alert type="error" showIcon title={t('media.modelError')} />}
      <div className="button-row model-controls">
        <Button onClick={() => api.current?.turn(-STEP)}>{t('media.turnLeft')}</Button>
        <Button onClick={() => api.current?.turn(STEP)}>{t('media.turnRight')}</Button>
        <Button onClick={() => api.current?.tilt(-STEP)}>{t('media.tiltUp')}</Button>
        <Button onClick={() => api.current?.tilt(STEP)}>{t('media.tiltDown')}</Button>
        <Button onClick={() => api.current?.reset()}>{t('media.reset')}</Button>
      </div>
    </div>
  );
}
