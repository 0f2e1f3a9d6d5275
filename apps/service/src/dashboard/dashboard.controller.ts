import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { dashboardAssets, type DashboardAsset } from './dashboard-assets';

/**
 * The live dashboard: `GET /` is the page, `GET /dashboard/{file}` its scripts and styles. The
 * page holds no data and needs no token; it reads the API with the viewer's token (README,
 * "Dashboard").
 */
@Controller()
export class DashboardController {
  private readonly assets = dashboardAssets();

  @Get()
  page(@Res() res: Response): void {
    this.send(res, this.assets.own.get('index.html')!);
  }

  @Get('dashboard/vendor/:file')
  vendor(@Res() res: Response, @Param('file') file: string): void {
    const asset = this.assets.vendor.get(file);
    if (!asset) throw new NotFoundException({ error: `no dashboard file vendor/${file}` });
    this.send(res, asset);
  }

  @Get('dashboard/:file')
  own(@Res() res: Response, @Param('file') file: string): void {
    const asset = this.assets.own.get(file);
    if (!asset || file === 'index.html') throw new NotFoundException({ error: `no dashboard file ${file}` });
    this.send(res, asset);
  }

  private send(res: Response, asset: DashboardAsset): void {
    res.set({
      'Content-Type': asset.contentType,
      'Cache-Control': 'no-cache',
      // Everything from our own origin; the page talks only to this service.
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.sendFile(asset.file);
  }
}
